using ComputeGate.Domain.Geography;
using ComputeGate.Domain.Law;
using ComputeGate.Domain.Licensing;
using ComputeGate.Domain.Parties;

namespace ComputeGate.Domain.WhatIf;

/// <summary>
/// One change a scenario makes to the law. <see cref="Label"/> is what the report cites as "the
/// scenario's change"; <see cref="Citation"/> is "scenario FILE: LABEL".
/// </summary>
public abstract record ScenarioChange(string Label, string Citation)
{
    /// <summary>The instrument a changed rule entry names, so that decisions using it cite the scenario.</summary>
    public Instrument Instrument(DateOnly effective) => InstrumentFor(Label, Citation, effective);

    /// <summary>The instrument of a scenario change: its citation is the change's.</summary>
    public static Instrument InstrumentFor(string label, string citation, DateOnly effective) =>
        new($"scenario:{label}", label, "scenario", citation, effective, null, null, [], null, [], null);
}

/// <summary>
/// A parameter's value replaced: from <see cref="From"/> on (later entries dropped), or, when
/// <see cref="From"/> is null, in every entry that has a value (as if it had always been so).
/// </summary>
public sealed record ParameterOverride(string Label, string Citation, string Name, ParameterValue Value, DateOnly? From) : ScenarioChange(Label, Citation);

/// <summary>A destination moved out of one country group and/or into another from a date.</summary>
public sealed record GroupMove(string Label, string Citation, CountryCode Country, string? FromGroup, string? ToGroup, DateOnly Date) : ScenarioChange(Label, Citation);

/// <summary>An is-informed letter added (its cite names the scenario).</summary>
public sealed record LetterAdded(string Label, string Citation, IsInformedLetter Letter) : ScenarioChange(Label, Citation);

/// <summary>An is-informed letter lifted: from <see cref="From"/> on, or never in force when null.</summary>
public sealed record LetterLifted(string Label, string Citation, string LetterId, DateOnly? From) : ScenarioChange(Label, Citation);

/// <summary>AI Diffusion (90 FR 4544) applied as written.</summary>
public sealed record DiffusionAsWritten(string Label, string Citation) : ScenarioChange(Label, Citation);

/// <summary>A party added to the Entity List.</summary>
public sealed record PartyAdded(string Label, string Citation, ListedParty Party) : ScenarioChange(Label, Citation);

/// <summary>The law (rule book, party list, mode) a scenario gives, and its changes as dated rule changes.</summary>
public sealed record ScenarioLaw(RuleBook Book, PartyList Parties, DecisionMode Mode, IReadOnlyList<RuleChange> Changes);

/// <summary>
/// A what-if: a named overlay of changes on the loaded rule book (OpenFisca-style reform), validated
/// against it when read (ComputeGate.Formats.ScenarioLoader). <see cref="Apply"/> never changes the book it is given.
/// </summary>
public sealed record Scenario(string Name, string File, IReadOnlyList<ScenarioChange> Changes)
{
    public ScenarioLaw Apply(RuleBook book, PartyList parties, DecisionMode mode)
    {
        var parameters = book.Parameters.ToDictionary(p => p.Name, StringComparer.Ordinal);
        var letters = book.Letters.ToList();
        var groups = book.CountryGroups.All.ToDictionary(g => g.Name, StringComparer.Ordinal);
        var added = new List<ListedParty>();
        var instruments = book.Instruments.ToList();
        var changes = new List<RuleChange>();
        foreach (var change in Changes)
        {
            RuleChange Dated(DateOnly date, IReadOnlyList<CountryCode>? countries = null, IReadOnlyList<string>? cites = null) =>
                new(date, "scenario", change.Label, change.Citation, cites ?? [change.Citation], countries ?? []);

            switch (change)
            {
                case ParameterOverride o:
                {
                    var p = parameters[o.Name];
                    var start = o.From ?? p.History.FirstOrDefault(h => h.Value is not null)?.Effective ?? DateOnly.MinValue;
                    var instrument = change.Instrument(start);
                    instruments.Add(instrument);
                    var history = o.From is { } from
                        ? p.History.Where(h => h.Effective < from).Append(new ParameterEntry(from, o.Value, instrument, $"{o.Name} = {o.Value}", null)).ToList()
                        : p.History.Select(h => h.Value is null ? h : h with { Value = o.Value, Instrument = instrument, Cite = $"{o.Name} = {o.Value} (was {h.Value}: {h.Cite})" }).ToList();
                    parameters[o.Name] = p with { History = history };
                    changes.Add(Dated(start));
                    break;
                }

                case GroupMove m:
                    foreach (var (name, add) in new[] { (m.FromGroup, false), (m.ToGroup, true) })
                    {
                        if (name is null)
                        {
                            continue;
                        }

                        var g = groups[name];
                        var move = new MembershipChange(m.Date, add ? [m.Country] : [], add ? [] : [m.Country], change.Citation, null);
                        groups[name] = new CountryGroup(g.Name, g.Description, g.From, g.Initial, g.Cite, [.. g.Changes, move], g.Unverified);
                    }

                    changes.Add(Dated(m.Date, [m.Country], []));
                    break;

                case LetterAdded a:
                    instruments.Add(a.Letter.Instrument);
                    letters.Add(a.Letter);
                    changes.Add(Dated(a.Letter.From, cites: [a.Letter.Cite]));
                    break;

                case LetterLifted l:
                {
                    var i = letters.FindIndex(x => x.Id == l.LetterId);
                    var letter = letters[i];
                    if (l.From is { } from && from > letter.From)
                    {
                        letters[i] = letter with { Until = letter.Until is { } u && u < from ? u : from.AddDays(-1) };
                    }
                    else
                    {
                        letters.RemoveAt(i);
                    }

                    changes.Add(Dated(l.From ?? letter.From, cites: [letter.Cite]));
                    break;
                }

                case DiffusionAsWritten:
                    mode = DecisionMode.AsWritten;
                    var diffusion = book.Parameters.FirstOrDefault(p => p.Name == "diffusion.geography")?.History.FirstOrDefault()?.Instrument;
                    changes.Add(Dated(diffusion?.Compliance ?? diffusion?.Effective ?? DateOnly.MinValue, cites: diffusion is null ? [] : [diffusion.Citation]));
                    break;

                case PartyAdded p:
                    added.Add(p.Party);
                    changes.Add(Dated(p.Party.Listed, cites: [p.Party.Citation]));
                    break;
            }
        }

        // Destination sets remember their answers per (country, date): a book whose groups differ needs its own copies.
        var groupsChanged = Changes.Any(c => c is GroupMove);
        var countryGroups = groupsChanged ? new CountryGroups(groups.Values, book.CountryGroups.TreatedAs) : book.CountryGroups;
        IEnumerable<Parameter> finalParameters = parameters.Values;
        if (groupsChanged)
        {
            finalParameters = parameters.Values.Select(p => p with { History = p.History.Select(h => h.Value?.Set is { } s ? h with { Value = ParameterValue.Of(s.Copy()) } : h).ToList() }).ToList();
            letters = letters.Select(l => l with { Destinations = l.Destinations.Copy(), Headquarters = l.Headquarters?.Copy() }).ToList();
        }

        var version = $"{book.Version} + scenario '{Name}' ({File})";
        var scenarioBook = new RuleBook(version, instruments.DistinctBy(i => i.Id), finalParameters, countryGroups, letters, book.Guidance);
        var scenarioParties = added.Count == 0
            ? parties
            : new PartyList(parties.ListId, parties.Title, $"{parties.Snapshot} + scenario '{Name}'", [.. parties.Entries, .. added]);
        return new ScenarioLaw(scenarioBook, scenarioParties, mode, changes);
    }
}
