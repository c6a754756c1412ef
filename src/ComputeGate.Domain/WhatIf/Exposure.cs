using ComputeGate.Domain.Licensing;

namespace ComputeGate.Domain.WhatIf;

/// <summary>
/// Lines, units and value (USD, decimal) of a set of order lines. Value = quantity × unit value; a line
/// without a unit value adds to <see cref="LinesWithoutValue"/> and <see cref="UnitsWithoutValue"/>,
/// never to <see cref="Value"/> as zero.
/// </summary>
public sealed class Tally
{
    public long Lines { get; private set; }
    public long Units { get; private set; }
    public decimal Value { get; private set; }
    public long LinesWithoutValue { get; private set; }
    public long UnitsWithoutValue { get; private set; }

    public void Add(int units, decimal? value)
    {
        Lines++;
        Units += units;
        if (value is { } v)
        {
            Value += v;
        }
        else
        {
            LinesWithoutValue++;
            UnitsWithoutValue += units;
        }
    }

    /// <summary>Adds to the tally of a key, creating it on first use.</summary>
    public static void Add<TKey>(Dictionary<TKey, Tally> tallies, TKey key, int units, decimal? value)
        where TKey : notnull
    {
        if (!tallies.TryGetValue(key, out var t))
        {
            tallies[key] = t = new Tally();
        }

        t.Add(units, value);
    }
}

/// <summary>An order book summarised by verdict, destination (as given on the line) and item. Lines that could not be read count as ERROR.</summary>
public sealed class ExposureSummary
{
    public Tally Total { get; } = new();
    public Dictionary<string, Tally> ByVerdict { get; } = new(StringComparer.Ordinal);
    public Dictionary<(string Destination, string Verdict), Tally> ByDestinationAndVerdict { get; } = [];
    public Dictionary<string, Tally> ByItem { get; } = new(StringComparer.Ordinal);

    /// <summary>Adds a decided line.</summary>
    public void Add(OrderLine line, Decision d)
    {
        var verdict = d.Verdict.Name();
        Total.Add(line.Quantity, d.ValueUsd);
        Tally.Add(ByVerdict, verdict, line.Quantity, d.ValueUsd);
        Tally.Add(ByDestinationAndVerdict, (line.Destination.Value, verdict), line.Quantity, d.ValueUsd);
        Tally.Add(ByItem, line.Item.Id ?? line.Item.Name, line.Quantity, d.ValueUsd);
    }

    /// <summary>Adds a line that could not be read (no units or value known).</summary>
    public void AddError()
    {
        Total.Add(0, null);
        Tally.Add(ByVerdict, Verdict.Error.Name(), 0, null);
    }

    /// <summary>Destinations with their total value, largest first (then by code).</summary>
    public IReadOnlyList<(string Destination, decimal Value, long Lines)> Destinations() =>
        ByDestinationAndVerdict.GroupBy(x => x.Key.Destination)
            .Select(g => (g.Key, g.Sum(x => x.Value.Value), g.Sum(x => x.Value.Lines)))
            .OrderByDescending(x => x.Item2).ThenBy(x => x.Key, StringComparer.Ordinal).ToList();
}

/// <summary>
/// What a scenario does to an order book: lines that migrate (from outcome → to outcome) and the exposure
/// newly blocked (baseline ships: NLR, exception or licensed; scenario does not: LICENSE_REQUIRED or REVIEW)
/// or released (the reverse), by item, destination and end user. A change of exception or review policy
/// only is a migration that is neither.
/// </summary>
public sealed class MigrationSummary
{
    public long Lines { get; private set; }
    public Dictionary<(string From, string To), Tally> Migrations { get; } = [];
    public Tally NewlyBlocked { get; } = new();
    public Tally Released { get; } = new();
    public Dictionary<string, Tally> BlockedByItem { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, Tally> BlockedByDestination { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, Tally> BlockedByEndUser { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, Tally> ReleasedByItem { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, Tally> ReleasedByDestination { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, Tally> ReleasedByEndUser { get; } = new(StringComparer.Ordinal);

    /// <summary>Counts one line; true when it migrates.</summary>
    public bool Add(OrderLine line, Decision baseline, Decision scenario)
    {
        Lines++;
        var a = LineOutcome.Of(baseline);
        var b = LineOutcome.Of(scenario);
        if (a == b)
        {
            return false;
        }

        Tally.Add(Migrations, LineOutcome.Compare(a, b), line.Quantity, line.ValueUsd);
        var item = line.Item.Id ?? line.Item.Name;
        var endUser = string.IsNullOrWhiteSpace(line.EndUser) ? "(not given)" : line.EndUser;
        if (a.Ships && b.Blocked)
        {
            NewlyBlocked.Add(line.Quantity, line.ValueUsd);
            Tally.Add(BlockedByItem, item, line.Quantity, line.ValueUsd);
            Tally.Add(BlockedByDestination, line.Destination.Value, line.Quantity, line.ValueUsd);
            Tally.Add(BlockedByEndUser, endUser, line.Quantity, line.ValueUsd);
        }
        else if (a.Blocked && b.Ships)
        {
            Released.Add(line.Quantity, line.ValueUsd);
            Tally.Add(ReleasedByItem, item, line.Quantity, line.ValueUsd);
            Tally.Add(ReleasedByDestination, line.Destination.Value, line.Quantity, line.ValueUsd);
            Tally.Add(ReleasedByEndUser, endUser, line.Quantity, line.ValueUsd);
        }

        return true;
    }

    /// <summary>The largest tallies by value (then units, then key), at most <paramref name="count"/>.</summary>
    public static IReadOnlyList<KeyValuePair<string, Tally>> Top(Dictionary<string, Tally> tallies, int count) =>
        tallies.OrderByDescending(t => t.Value.Value).ThenByDescending(t => t.Value.Units).ThenBy(t => t.Key, StringComparer.Ordinal).Take(count).ToList();
}
