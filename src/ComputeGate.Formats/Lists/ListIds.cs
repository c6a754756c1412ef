namespace ComputeGate.Formats.Lists;

/// <summary>The <see cref="Domain.Screening.ListEntry.List"/> ids the list readers give that decisions need to know.</summary>
public static class ListIds
{
    /// <summary>The BIS Entity List as a sub-list of the Consolidated Screening List ("Entity List (EL) - Bureau of Industry and Security"): see <see cref="CslReader"/>.</summary>
    public const string CslEntityList = "csl:EL";

    /// <summary>ComputeGate's own id for the Entity List (lists/entity-list-sample.yaml).</summary>
    public const string EntityList = "entity-list";

    /// <summary>
    /// The lists whose entries carry an EAR licence requirement (15 CFR 744 Supp. No. 4): the BIS extraction
    /// (<see cref="SimpleJsonListReader.EntityListId"/>), the CSL's Entity List (<see cref="CslEntityList"/>) and
    /// <see cref="EntityList"/>.
    /// </summary>
    public static readonly IReadOnlySet<string> EntityLists = new HashSet<string>(StringComparer.Ordinal) { SimpleJsonListReader.EntityListId, CslEntityList, EntityList };
}
