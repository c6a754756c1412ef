namespace ComputeGate.Domain.Items;

/// <summary>What kind of item the law is asked about.</summary>
public enum ItemType
{
    IntegratedCircuit,
    Computer,
    Hbm,
    ModelWeights,
}

/// <summary>
/// Who says so: the source of each figure, the figures not verified, and free notes.
/// Keys are field paths as written in the item file (<c>performance[1].tops</c>); a key that is a
/// prefix of a path (<c>performance</c>) covers everything under it.
/// </summary>
public sealed record ItemProvenance(
    IReadOnlyDictionary<string, string> Sources,
    IReadOnlyDictionary<string, string> Unverified,
    IReadOnlyList<string> Notes)
{
    public static readonly ItemProvenance None = new(
        new Dictionary<string, string>(), new Dictionary<string, string>(), []);

    /// <summary>Unverified flags that bear on a field path: the path itself, a parent of it, or a child of it.</summary>
    public IEnumerable<string> UnverifiedFor(string path) =>
        Unverified
            .Where(kv => FieldPath.Covers(kv.Key, path) || FieldPath.Covers(path, kv.Key))
            .Select(kv => $"{kv.Key}: {kv.Value}");
}

/// <summary>Field-path arithmetic for <c>a.b[1].c</c> style paths.</summary>
public static class FieldPath
{
    /// <summary>True when <paramref name="prefix"/> equals <paramref name="path"/> or is a parent of it.</summary>
    public static bool Covers(string prefix, string path) =>
        path == prefix
        || (path.StartsWith(prefix, StringComparison.Ordinal)
            && (path[prefix.Length] == '.' || path[prefix.Length] == '['));

    public static string Index(string path, int index) => $"{path}[{index}]";

    public static string Field(string path, string field) => path.Length == 0 ? field : $"{path}.{field}";
}

/// <summary>An item described by its technical parameters. Immutable; validated by the reader that builds it.</summary>
public abstract record Item(string Name)
{
    /// <summary>Catalog id, when the item came from the catalog.</summary>
    public string? Id { get; init; }
    public string? Vendor { get; init; }
    public ItemProvenance Provenance { get; init; } = ItemProvenance.None;
    public abstract ItemType Type { get; }

    /// <summary>The id if any, else the name: how results name the item.</summary>
    public string Label => Id ?? Name;
}

/// <summary>
/// A vendor figure for one precision. <see cref="Tops"/> is the datasheet figure (2 x MacTOPS);
/// figures quoted "with sparsity" are halved, because 3A090 Technical Note 3 counts dense matrices only.
/// </summary>
public sealed record PerformanceFigure(Precision Precision, decimal Tops, bool Sparse)
{
    /// <summary>15 CFR 774 Supp. 1, 3A090 Technical Note 3: the TPP is that of dense matrices.</summary>
    public decimal DenseTops => Sparse ? Tops / 2m : Tops;

    /// <summary>3A090 Technical Note 1: TPP = 2 x MacTOPS x bit length = dense TOPS x bit length.</summary>
    public decimal Tpp => DenseTops * Precision.Bits;
}

/// <summary>A logic die. Unknown facts are null.</summary>
public sealed record Die(decimal? AreaMm2, bool? NonPlanar);

public sealed record IntegratedCircuit(string Name) : Item(Name)
{
    public override ItemType Type => ItemType.IntegratedCircuit;

    /// <summary>"Designed or marketed for use in datacenters" (Note 2 to 3A090); null when unknown.</summary>
    public bool? Datacenter { get; init; }
    public string? DatacenterSource { get; init; }
    public IReadOnlyList<PerformanceFigure> Performance { get; init; } = [];

    /// <summary>Logic dies; null when the die list is unknown.</summary>
    public IReadOnlyList<Die>? Dies { get; init; }

    /// <summary>Aggregate bidirectional chip-to-chip transfer rate, GB/s, excluding volatile memory.</summary>
    public decimal? InterconnectGBps { get; init; }

    /// <summary>DRAM (HBM/GDDR) bandwidth attached to the package, GB/s.</summary>
    public decimal? MemoryBandwidthGBps { get; init; }
}

public sealed record Component(Item Item, int Count);

/// <summary>A computer, electronic assembly or component (4A090): classified by its most controlled IC.</summary>
public sealed record Computer(string Name) : Item(Name)
{
    public override ItemType Type => ItemType.Computer;
    public bool? Datacenter { get; init; }
    public string? DatacenterSource { get; init; }
    public IReadOnlyList<Component> Components { get; init; } = [];
}

/// <summary>A high-bandwidth memory stack or package (3A090.c).</summary>
public sealed record HbmStack(string Name) : Item(Name)
{
    public override ItemType Type => ItemType.Hbm;
    public decimal? MemoryBandwidthGBps { get; init; }
    public decimal? PackageAreaMm2 { get; init; }
}

/// <summary>The parameters ("weights") of an AI model (4E091).</summary>
public sealed record ModelWeights(string Name) : Item(Name)
{
    public override ItemType Type => ItemType.ModelWeights;

    /// <summary>Training operations, including pre-training and later training (4E091 Note).</summary>
    public decimal? TrainingOperations { get; init; }

    /// <summary>Weights "published" in the sense of 15 CFR 734.7(a).</summary>
    public bool? Published { get; init; }
    public bool? DerivedFromPublished { get; init; }

    /// <summary>Training operations added on top of published weights.</summary>
    public decimal? AdditionalOperations { get; init; }
}
