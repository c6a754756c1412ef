using ComputeGate.Domain.Geography;
using ComputeGate.Domain.Items;

namespace ComputeGate.Domain.Law;

/// <summary>
/// Thresholds an IC must achieve for a letter to cover it ("circuits achieving the H20's memory
/// bandwidth ..."). A threshold left null is not tested; <see cref="MatchAll"/> says whether every
/// given threshold must be met or any one. "Achieving" is read as ≥ (flagged in the rules).
/// </summary>
public sealed record ItemPredicate(bool MatchAll, decimal? TppMin, decimal? InterconnectMinGBps, decimal? MemoryBandwidthMinGBps, string? Unverified)
{
    /// <summary>True / false when decided; null when a fact it needs is unknown and decisive.</summary>
    public bool? Matches(IntegratedCircuit ic, decimal? tpp)
    {
        var tests = new List<bool?>();
        if (TppMin is { } t)
        {
            tests.Add(tpp is { } v ? v >= t : null);
        }

        if (InterconnectMinGBps is { } io)
        {
            tests.Add(ic.InterconnectGBps is { } v ? v >= io : null);
        }

        if (MemoryBandwidthMinGBps is { } bw)
        {
            tests.Add(ic.MemoryBandwidthGBps is { } v ? v >= bw : null);
        }

        if (tests.Count == 0)
        {
            return false;
        }

        if (MatchAll)
        {
            return tests.Any(x => x == false) ? false : tests.All(x => x == true) ? true : null;
        }

        return tests.Any(x => x == true) ? true : tests.All(x => x == false) ? false : null;
    }

    public string Describe()
    {
        var parts = new List<string>();
        if (TppMin is { } t)
        {
            parts.Add($"TPP ≥ {Classification.Num.Format(t)}");
        }

        if (InterconnectMinGBps is { } io)
        {
            parts.Add($"chip-to-chip I/O ≥ {Classification.Num.Format(io)} GB/s");
        }

        if (MemoryBandwidthMinGBps is { } bw)
        {
            parts.Add($"memory bandwidth ≥ {Classification.Num.Format(bw)} GB/s");
        }

        return string.Join(MatchAll ? " and " : " or ", parts);
    }
}

/// <summary>
/// An "is-informed" letter to one exporter: a licence requirement that is not a CCL rule. In force
/// on [<see cref="From"/>, <see cref="Until"/>] (both inclusive; Until null = no end known).
/// </summary>
public sealed record IsInformedLetter(
    string Id,
    Instrument Instrument,
    string Exporter,
    IReadOnlyList<string> ExporterNames,
    DateOnly From,
    DateOnly? Until,
    IReadOnlyList<string> Items,
    ItemPredicate? Predicate,
    DestinationSet Destinations,
    DestinationSet? Headquarters,
    string Cite,
    string? Unverified)
{
    public bool InForce(DateOnly date) => From <= date && (Until is null || date <= Until);
}

/// <summary>Guidance that sends every line with a named item to REVIEW (GP10 guidance on Huawei Ascend).</summary>
public sealed record ItemGuidance(
    string Id,
    Instrument Instrument,
    DateOnly From,
    IReadOnlyList<string> Items,
    IReadOnlyList<string> ItemNames,
    string Text,
    string Cite)
{
    /// <summary>True when the item is named by id, or its name contains one of the named models.</summary>
    public bool Names(Item item) =>
        (item.Id is not null && Items.Contains(item.Id))
        || ItemNames.Any(n => item.Name.Contains(n, StringComparison.OrdinalIgnoreCase));
}
