using ComputeGate.Domain.Classification;
using ComputeGate.Domain.Geography;
using ComputeGate.Domain.Items;
using ComputeGate.Domain.Law;
using ComputeGate.Domain.Licensing;

namespace ComputeGate.Domain.WhatIf;

/// <summary>An item whose classification differs between two dates, and the rule changes that caused it.</summary>
public sealed record ItemDifference(Item Item, ClassificationResult From, ClassificationResult To, IReadOnlyList<RuleChange> Causes);

/// <summary>An order line whose decision differs between two dates (or two rule books), and the changes that caused it.</summary>
public sealed record LineDifference(OrderLine Line, Decision From, Decision To, IReadOnlyList<RuleChange> Causes);

/// <summary>
/// What differs between two dates: items (classification) or order lines (classification, licence
/// requirement, exception, review policy: <see cref="LineOutcome"/>), each with the rule changes in
/// (from, to] that caused it and their citations.
/// </summary>
public static class Diff
{
    public static IReadOnlyList<ItemDifference> Items(Classifier classifier, IEnumerable<Item> items, DateOnly from, DateOnly to)
    {
        var changes = RuleChanges.Between(classifier.Book, null, from, to);
        var result = new List<ItemDifference>();
        foreach (var item in items)
        {
            var a = classifier.Classify(item, from);
            var b = classifier.Classify(item, to);
            if (ItemOutcome.Of(a) == ItemOutcome.Of(b))
            {
                continue;
            }

            var causes = RuleChanges.Causes(changes, from, d => classifier.Classify(item, d), (x, y) => ItemOutcome.Of(x) == ItemOutcome.Of(y), r => r.Citations, []);
            result.Add(new ItemDifference(item, a, b, causes));
        }

        return result;
    }

    /// <summary>The countries of a line as the EAR reads them on a date: destination, end user location, headquarters.</summary>
    public static IReadOnlyCollection<CountryCode> Countries(OrderLine line, CountryGroups groups, DateOnly date)
    {
        var result = new HashSet<CountryCode> { groups.ForEar(line.Destination, date).Country };
        if (line.EndUserCountry is { } located)
        {
            result.Add(groups.ForEar(located, date).Country);
        }

        if (line.EndUserHeadquarters is { } hq)
        {
            result.Add(groups.ForEar(hq, date).Country);
        }

        return result;
    }

    /// <summary>
    /// Compares the lines of one book decided on two dates, in file order. Three book deciders: one per
    /// date (each keeps its own licence balances and LPP tally) and one to find the date of a change.
    /// Not thread-safe.
    /// </summary>
    public sealed class Lines(OrderBookDecider atFrom, OrderBookDecider atTo, OrderBookDecider probe, IReadOnlyList<RuleChange> changes, DateOnly from, DateOnly to)
    {
        /// <summary>The difference for one line, or null when its outcome is the same on both dates.</summary>
        public LineDifference? Compare(OrderLine line)
        {
            var a = atFrom.Decide(line with { Date = from });
            var b = atTo.Decide(line with { Date = to });
            if (LineOutcome.Of(a) == LineOutcome.Of(b))
            {
                return null;
            }

            var countries = Countries(line, atTo.Book.CountryGroups, to);
            var causes = RuleChanges.Causes(changes, from, d => probe.Decide(line with { Date = d }), (x, y) => LineOutcome.Of(x) == LineOutcome.Of(y), d => d.Citations, countries);
            return new LineDifference(line, a, b, causes);
        }
    }
}
