namespace ComputeGate.Domain.Screening;

/// <summary>What a listed party is.</summary>
public enum PartyKind
{
    Unknown,
    Entity,
    Individual,
    Vessel,
    Aircraft,
}

/// <summary>How a name belongs to an entry: its primary name, or an alias (a.k.a., f.k.a., n.k.a.; OFAC "weak" a.k.a.).</summary>
public enum NameKind
{
    Primary,
    Aka,
    Fka,
    Nka,
    WeakAka,
}

public sealed record EntryName(string Name, NameKind Kind);

/// <summary>
/// One entry of a restricted-party list in any source format (trade.gov CSL, OFAC legacy CSV, simple
/// JSON), as the screening index and the store see it. <see cref="EntryId"/> is stable within its
/// list across snapshots (CSL <c>_id</c> or entity number, OFAC <c>ent_num</c>, JSON position-free key).
/// </summary>
public sealed record ListEntry
{
    /// <summary>The list: "sdn", "cons" (OFAC non-SDN), "csl" sub-lists such as "csl:EL", "entity-list", ...</summary>
    public required string List { get; init; }
    public required string EntryId { get; init; }
    public PartyKind Kind { get; init; }
    public required IReadOnlyList<EntryName> Names { get; init; }

    /// <summary>ISO 3166-1 alpha-2 codes where the source gives a resolvable country; the raw text otherwise.</summary>
    public IReadOnlyList<string> Countries { get; init; } = [];
    public IReadOnlyList<string> Addresses { get; init; } = [];
    public IReadOnlyList<string> Programs { get; init; } = [];
    public string? FederalRegister { get; init; }
    public DateOnly? StartDate { get; init; }

    /// <summary>Entity List: the licence requirement column, as listed.</summary>
    public string? LicenseRequirement { get; init; }

    /// <summary>Entity List: the licence review policy column, as listed.</summary>
    public string? LicensePolicy { get; init; }
    public IReadOnlyList<int> Footnotes { get; init; } = [];
    public string? Remarks { get; init; }
    public string? SourceUrl { get; init; }

    public string PrimaryName => Names.FirstOrDefault(n => n.Kind == NameKind.Primary)?.Name ?? Names[0].Name;
}

/// <summary>A row of a list file that was not imported, and why (file, line, field).</summary>
public sealed record RejectedRow(string File, int Line, string Field, string Reason);

/// <summary>A parsed list file: its entries, the rows rejected, and the format it was read as.</summary>
public sealed record ParsedList(string Format, IReadOnlyList<ListEntry> Entries, IReadOnlyList<RejectedRow> Rejected);
