using ComputeGate.Domain.Geography;
using ComputeGate.Domain.Law;
using ComputeGate.Domain.Parties;

namespace ComputeGate.Domain.WhatIf;

/// <summary>
/// One dated change of the law (a parameter entry, a country-group membership change, a letter starting
/// or ending, guidance, an enforcement or compliance date, a party listed), or one change of a scenario,
/// with what it changed and the citation a person reads.
/// </summary>
/// <param name="Date">The first day the change is in force.</param>
/// <param name="Subject">What changed: "parameter 3a090.a1.tpp_min", "group D:5", "letter nvidia-2025-04", "scenario".</param>
/// <param name="What">In words: "3a090.a1.tpp_min: (none) → 4800", "D:5: −CY".</param>
/// <param name="Citation">The rule text (or the scenario's change) to cite.</param>
/// <param name="Cites">Texts that, found in a result's citations, show that the result rests on this change.</param>
/// <param name="Countries">Countries whose treatment the change alters directly (group membership).</param>
/// <param name="Instrument">The instrument that made the change, when there is one.</param>
public sealed record RuleChange(
    DateOnly Date,
    string Subject,
    string What,
    string Citation,
    IReadOnlyList<string> Cites,
    IReadOnlyList<CountryCode> Countries,
    Instrument? Instrument = null)
{
    /// <summary>
    /// True when a result citing <paramref name="citations"/> about a line touching <paramref name="countries"/>
    /// (destination, end user location and headquarters, as the EAR reads them) rests on this change.
    /// </summary>
    public bool BearsOn(IEnumerable<string> citations, IEnumerable<CountryCode> countries) =>
        Cites.Any(c => citations.Any(x => x.Contains(c, StringComparison.Ordinal))) || Countries.Intersect(countries).Any();
}

/// <summary>The changes of the law in a window of dates, and which of them caused a difference.</summary>
public static class RuleChanges
{
    /// <summary>
    /// Every change of the rule book and the party list in force from a date in (<paramref name="from"/>,
    /// <paramref name="to"/>] (half-open on the left: a change on <paramref name="from"/> is already in
    /// force on it). Sorted by date.
    /// </summary>
    public static IReadOnlyList<RuleChange> Between(RuleBook book, PartyList? parties, DateOnly from, DateOnly to)
    {
        bool In(DateOnly d) => from < d && d <= to;
        var result = new List<RuleChange>();
        foreach (var p in book.Parameters)
        {
            for (var i = 0; i < p.History.Count; i++)
            {
                var entry = p.History[i];
                if (!In(entry.Effective))
                {
                    continue;
                }

                var previous = i > 0 ? p.History[i - 1] : null;
                var before = previous?.Value?.ToString() ?? "(none)";
                var after = entry.Value?.ToString() ?? "(repealed)";
                result.Add(new RuleChange(entry.Effective, $"parameter {p.Name}", $"{p.Name}: {before} → {after}", entry.Citation,
                    previous is null ? [entry.Citation] : [entry.Citation, previous.Citation], [], entry.Instrument));
            }
        }

        foreach (var g in book.CountryGroups.All)
        {
            if (In(g.From))
            {
                result.Add(new RuleChange(g.From, $"group {g.Name}", $"{g.Name} ({g.Description}) modelled from this date", g.Cite, [], g.Initial));
            }

            foreach (var c in g.Changes.Where(c => In(c.Date)))
            {
                var moves = c.Add.Select(a => $"+{a}").Concat(c.Remove.Select(r => $"−{r}"));
                result.Add(new RuleChange(c.Date, $"group {g.Name}", $"{g.Name}: {string.Join(", ", moves)}", c.Cite, [], [.. c.Add, .. c.Remove]));
            }
        }

        foreach (var l in book.Letters)
        {
            if (In(l.From))
            {
                result.Add(new RuleChange(l.From, $"letter {l.Id}", $"is-informed letter {l.Id} to {l.Exporter} in force", l.Cite, [l.Cite], [], l.Instrument));
            }

            if (l.Until is { } until && In(until.AddDays(1)))
            {
                result.Add(new RuleChange(until.AddDays(1), $"letter {l.Id}", $"is-informed letter {l.Id} to {l.Exporter} no longer in force (last day {until:yyyy-MM-dd})", l.Cite, [l.Cite], [], l.Instrument));
            }
        }

        foreach (var g in book.Guidance.Where(g => In(g.From)))
        {
            result.Add(new RuleChange(g.From, $"guidance {g.Id}", g.Text, g.Cite, [g.Cite], [], g.Instrument));
        }

        foreach (var i in book.Instruments)
        {
            foreach (var e in i.Enforcement.Where(e => In(e.From)))
            {
                result.Add(new RuleChange(e.From, $"enforcement {i.Id}", $"{i.Citation}: {e.Status switch { EnforcementStatus.NotEnforced => "not enforced", EnforcementStatus.Suspended => "suspended", _ => "enforced" }}", e.Cite, [e.Cite, i.Citation], [], i));
            }

            if (i.Compliance is { } compliance && In(compliance))
            {
                result.Add(new RuleChange(compliance, $"compliance {i.Id}", $"{i.Citation}: compliance required", i.Describe(), [i.Citation], [], i));
            }
        }

        foreach (var e in parties?.Entries.Where(e => In(e.Listed)) ?? [])
        {
            result.Add(new RuleChange(e.Listed, $"party {e.Id}", $"{parties!.Title}: '{e.Name}' listed", e.Citation, [e.Citation], []));
        }

        return result.OrderBy(c => c.Date).ToList();
    }

    /// <summary>
    /// The changes that caused a result to differ between <paramref name="from"/> and <paramref name="to"/>:
    /// the result is probed on every change date in the window; on each date where it changed, the changes
    /// of that date that bear on the result before or after (its citations, the line's countries) are the
    /// causes, or every change of that date when none can be told apart.
    /// </summary>
    /// <param name="changes">The changes in the window (<see cref="Between"/>, or a scenario's).</param>
    /// <param name="probe">The result on a date.</param>
    /// <param name="same">Whether two results are the same for the purpose of the comparison.</param>
    /// <param name="citations">A result's citations.</param>
    /// <param name="countries">The countries of the line (empty for an item).</param>
    public static IReadOnlyList<RuleChange> Causes<T>(
        IReadOnlyList<RuleChange> changes, DateOnly from, Func<DateOnly, T> probe, Func<T, T, bool> same,
        Func<T, IEnumerable<string>> citations, IReadOnlyCollection<CountryCode> countries)
    {
        var causes = new List<RuleChange>();
        var previous = probe(from);
        foreach (var date in changes.Select(c => c.Date).Distinct().Order())
        {
            var current = probe(date);
            if (!same(previous, current))
            {
                var onDate = changes.Where(c => c.Date == date).ToList();
                causes.AddRange(Bearing(onDate, citations(previous).Concat(citations(current)).ToList(), countries));
            }

            previous = current;
        }

        return causes;
    }

    /// <summary>The changes that bear on the citations or countries; all of them when none does.</summary>
    public static IReadOnlyList<RuleChange> Bearing(IReadOnlyList<RuleChange> changes, IReadOnlyList<string> citations, IReadOnlyCollection<CountryCode> countries)
    {
        var bearing = changes.Where(c => c.BearsOn(citations, countries)).ToList();
        return bearing.Count > 0 ? bearing : changes;
    }
}
