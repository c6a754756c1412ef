using ComputeGate.Domain.Classification;
using ComputeGate.Domain.Items;
using ComputeGate.Domain.WhatIf;

namespace ComputeGate.Charts;

/// <summary>One series of a bar chart: a value per category.</summary>
public sealed record BarSeries(string Name, IReadOnlyList<decimal> Values);

/// <summary>Stacked bars: one bar per category, one segment per series (in series order, from the axis up).</summary>
public sealed record BarChart(string Title, string ValueAxis, IReadOnlyList<string> Categories, IReadOnlyList<BarSeries> Series, IReadOnlyList<string> Notes);

/// <summary>A period of an item's status: [<see cref="From"/>, <see cref="Until"/>), half-open.</summary>
public sealed record StatusSegment(DateOnly From, DateOnly Until, string Status, string? Cause);

/// <summary>An item's status over time, as bands on a date axis.</summary>
public sealed record TimelineChart(string Title, string Item, IReadOnlyList<StatusSegment> Segments, IReadOnlyList<string> Notes);

/// <summary>
/// A region of the TPP × performance-density plane where an IC falls in a paragraph: TPP in
/// [<see cref="TppFrom"/>, <see cref="TppBelow"/>) and PD in [<see cref="PdFrom"/>, <see cref="PdBelow"/>); null = no upper bound.
/// </summary>
public sealed record Region(string Paragraph, decimal TppFrom, decimal? TppBelow, decimal PdFrom, decimal? PdBelow);

/// <summary>A catalog IC placed on the plane, with its classification on the chart's date.</summary>
public sealed record ChipPoint(string Item, decimal Tpp, decimal Pd, string Classification, bool Highlighted);

/// <summary>The 3A090 regions in force on a date, with the catalog's ICs placed on them.</summary>
public sealed record HeadroomChart(string Title, DateOnly Date, IReadOnlyList<Region> Regions, IReadOnlyList<ChipPoint> Chips, IReadOnlyList<string> NotPlaced, IReadOnlyList<string> Notes);

/// <summary>
/// The data of the charts people look at, computed from domain results (no drawing here): a web layer
/// can serve these records as they are, and <see cref="SvgChart"/> renders them as SVG.
/// </summary>
public static class ChartData
{
    /// <summary>Destinations shown by name in a bar chart; the rest are summed as "other".</summary>
    public const int MaxCategories = 12;

    /// <summary>Verdicts in the order the bars stack them.</summary>
    public static readonly IReadOnlyList<string> VerdictOrder = ["NLR", "LICENSE_EXCEPTION", "LICENSED", "LICENSE_REQUIRED", "REVIEW"];

    /// <summary>An item's status over time; the open ends are drawn from a year before the first change to <paramref name="until"/>.</summary>
    public static TimelineChart Timeline(Item item, IReadOnlyList<TimelinePeriod> periods, DateOnly until)
    {
        var first = periods.Select(p => p.From).OfType<DateOnly>().DefaultIfEmpty(until).Min().AddYears(-1);
        var segments = periods.Select(p => new StatusSegment(
            p.From ?? first,
            p.Until ?? (until > (p.From ?? first) ? until : (p.From ?? first).AddDays(1)),
            ItemOutcome.Of(p.Classification).Describe(),
            p.Causes.Count == 0 ? null : string.Join("; ", p.Causes))).ToList();
        return new TimelineChart($"{item.Id ?? item.Name}: status over time", item.Id ?? item.Name, segments,
            [$"Open ends drawn from {first:yyyy-MM-dd} to {until:yyyy-MM-dd}."]);
    }

    /// <summary>Value by destination (largest first, the rest as "other"), stacked by verdict. ERROR lines have no value and are left out.</summary>
    public static BarChart Exposure(ExposureSummary summary, string book)
    {
        var (categories, other) = Categories(summary.Destinations().Select(d => d.Destination));
        var series = VerdictOrder
            .Where(v => summary.ByVerdict.ContainsKey(v))
            .Select(v => new BarSeries(v, categories.Select(c => summary.ByDestinationAndVerdict
                .Where(x => x.Key.Verdict == v && (c == "other" ? other.Contains(x.Key.Destination) : x.Key.Destination == c))
                .Sum(x => x.Value.Value)).ToList()))
            .ToList();
        var notes = new List<string>();
        if (summary.Total.LinesWithoutValue > 0)
        {
            notes.Add($"{summary.Total.LinesWithoutValue} lines without a unit value are not in the bars.");
        }

        return new BarChart($"{book}: value by destination and verdict", "value (USD)", categories, series, notes);
    }

    /// <summary>Value newly blocked and released by a scenario, by destination (largest first, the rest as "other").</summary>
    public static BarChart Migration(MigrationSummary summary, string scenario)
    {
        var (categories, other) = Categories(summary.BlockedByDestination.Keys.Union(summary.ReleasedByDestination.Keys)
            .OrderByDescending(d => (summary.BlockedByDestination.GetValueOrDefault(d)?.Value ?? 0m) + (summary.ReleasedByDestination.GetValueOrDefault(d)?.Value ?? 0m))
            .ThenBy(d => d, StringComparer.Ordinal));
        decimal Value(Dictionary<string, Tally> tallies, string c) =>
            tallies.Where(t => c == "other" ? other.Contains(t.Key) : t.Key == c).Sum(t => t.Value.Value);
        var notes = new List<string>();
        var withoutValue = summary.NewlyBlocked.LinesWithoutValue + summary.Released.LinesWithoutValue;
        if (withoutValue > 0)
        {
            notes.Add($"{withoutValue} migrating lines without a unit value are not in the bars.");
        }

        return new BarChart($"Scenario '{scenario}': value newly blocked and released by destination", "value (USD)", categories,
            [new BarSeries("newly blocked", categories.Select(c => Value(summary.BlockedByDestination, c)).ToList()), new BarSeries("released", categories.Select(c => Value(summary.ReleasedByDestination, c)).ToList())],
            notes);
    }

    /// <summary>The first <see cref="MaxCategories"/> of an ordered list by name, and the rest (summed as "other").</summary>
    private static (IReadOnlyList<string> Categories, HashSet<string> Other) Categories(IEnumerable<string> ordered)
    {
        var all = ordered.ToList();
        var shown = all.Take(MaxCategories).ToList();
        var other = all.Skip(MaxCategories).ToHashSet(StringComparer.Ordinal);
        return (other.Count == 0 ? shown : [.. shown, "other"], other);
    }

    /// <summary>
    /// The 3A090.a/.b regions of the TPP × PD plane in force on a date (the 2023 test), and every catalog IC
    /// whose TPP and PD are known placed on it; <paramref name="highlight"/> is marked. Under the 2022 test
    /// (no density) there are no regions and a note says so.
    /// </summary>
    public static HeadroomChart Headroom(Classifier classifier, IEnumerable<Item> catalog, DateOnly date, Item? highlight)
    {
        var rules = classifier.Book.On(date);
        var notes = new List<string>();
        var regions = new List<Region>();
        if (rules.Text(ThreeA090.Regime) == ThreeA090.RegimeTppAndDensity)
        {
            decimal N(string name) => rules.Required(name);
            regions.Add(new Region("3A090.a.1", N("3a090.a1.tpp_min"), null, 0m, null));
            regions.Add(new Region("3A090.a.2", N("3a090.a2.tpp_min"), N("3a090.a1.tpp_min"), N("3a090.a2.pd_min"), null));
            regions.Add(new Region("3A090.b.1", N("3a090.b1.tpp_min"), N("3a090.b1.tpp_below"), N("3a090.b1.pd_min"), N("3a090.b1.pd_below")));
            regions.Add(new Region("3A090.b.2", N("3a090.b2.tpp_min"), N("3a090.a1.tpp_min"), N("3a090.b2.pd_min"), N("3a090.b2.pd_below")));
            notes.Add($"Note 2: non-datacenter ICs with TPP < {Num.Format(N("3a090.note2.tpp_min"))} are outside 3A090 wherever they sit.");
        }
        else
        {
            notes.Add($"On {date:yyyy-MM-dd} 3A090 has no performance-density test (the 2022 rule: I/O and TPP); no regions are drawn.");
        }

        var chips = new List<ChipPoint>();
        var notPlaced = new List<string>();
        var items = catalog.OfType<IntegratedCircuit>().Cast<Item>().ToList();
        if (highlight is IntegratedCircuit && !items.Any(i => ReferenceEquals(i, highlight) || (i.Id is not null && i.Id == highlight.Id)))
        {
            items.Add(highlight);
        }

        foreach (var ic in items)
        {
            var r = classifier.Classify(ic, date);
            var name = ic.Id ?? ic.Name;
            var marked = highlight is not null && (ReferenceEquals(ic, highlight) || (ic.Id is not null && ic.Id == highlight.Id));
            if (r.Tpp is { } tpp && r.PerformanceDensity is { } pd)
            {
                chips.Add(new ChipPoint(name, tpp, pd, ItemOutcome.Of(r).Describe(), marked));
            }
            else
            {
                notPlaced.Add($"{name}: {(r.Tpp is null ? "TPP" : "performance density (applicable die area)")} unknown");
            }
        }

        return new HeadroomChart($"3A090 on {date:yyyy-MM-dd}: TPP against performance density", date, regions,
            chips.OrderBy(c => c.Item, StringComparer.Ordinal).ToList(), notPlaced.Order(StringComparer.Ordinal).ToList(), notes);
    }
}
