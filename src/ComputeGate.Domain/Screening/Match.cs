namespace ComputeGate.Domain.Screening;

/// <summary>
/// One feature of a match score, as a person reads it ("tokens: huawei=huawei 1.00", "legal form removed:
/// co ltd", "joined-form similarity 0.97", "country CN matches"), with its value where it has one.
/// </summary>
public sealed record MatchFeature(string Feature, double? Value, string Text)
{
    public override string ToString() => Text;
}

/// <summary>
/// A listed entry whose name or alias is close to the screened name. <see cref="ListedName"/> is the
/// entry's primary name, <see cref="MatchedName"/> the name or alias that scored best; <see cref="Score"/>
/// is 0..1 and <see cref="Explanation"/> says feature by feature how it was reached.
/// </summary>
public sealed record Match(
    string List,
    string EntryId,
    string ListedName,
    string MatchedName,
    double Score,
    IReadOnlyList<MatchFeature> Explanation,
    ListEntry Entry)
{
    /// <summary>The explanation on one line, features separated by "; ".</summary>
    public string Explain() => string.Join("; ", Explanation.Select(f => f.Text));
}
