using ComputeGate.Domain.Geography;
using ComputeGate.Domain.Law;
using ComputeGate.Domain.Parties;
using ComputeGate.Domain.WhatIf;

namespace ComputeGate.Formats;

/// <summary>
/// Reads a scenario: a YAML overlay on the loaded rule book, validated against it. Every name must exist
/// (parameter, country group, letter, instrument), every country must be a real ISO 3166-1 code, a value
/// must have the kind of the parameter it replaces (number, word, destination set; a review policy for a
/// review-policy parameter), and a move must move something: an error names the file, line and field,
/// never a silent no-op. The schema (examples in examples/scenarios/):
/// <code>
/// scenario: "name"                        # required
/// description: "..."                      # optional
/// changes:                                # one or more; each has a label and exactly one kind
///   - label: "3A090.a.1 at TPP 4000"      # cited as the scenario's change
///     parameter: 3a090.a1.tpp_min         # rules/parameters.yaml or rules/licensing.yaml
///     value: 4000                         # number | word | { groups, except_groups, countries, except_countries, worldwide }
///     from: 2023-11-17                    # optional: from this date on; default: every dated value replaced
///   - label: "..."
///     move: AE                            # a destination between country groups
///     from_group: D:4                     # one or both of from_group, to_group
///     to_group: A:5
///     date: 2025-06-01                    # optional; default: as if always (the groups' first modelled date)
///   - label: "..."
///     add_letter: { ... }                 # rules/overlays.yaml letter schema; instrument optional
///   - label: "..."
///     lift_letter: nvidia-2025-04         # a letter id in rules/overlays.yaml
///     from: 2025-07-15                    # optional; default: never sent
///   - label: "..."
///     as_written: true                    # AI Diffusion (90 FR 4544) applied as written
///   - label: "..."
///     add_party: { ... }                  # lists/entity-list-sample.yaml entry schema
/// </code>
/// </summary>
public static class ScenarioLoader
{
    private static readonly string[] Kinds = ["parameter", "move", "add_letter", "lift_letter", "as_written", "add_party"];

    /// <param name="isKnownCountry">Whether a code names a real country or territory (CountryDirectory.IsKnown).</param>
    public static Scenario Load(string file, string text, RuleBook book, PartyList parties, Func<CountryCode, bool> isKnownCountry)
    {
        var root = YamlNodeReader.Parse(file, text);
        var name = root.RequiredString("scenario");
        _ = root.OptionalString("description");
        var items = root.Mappings("changes");
        if (items.Count == 0)
        {
            throw root.Error("changes", "a scenario needs at least one change");
        }

        var changes = new List<ScenarioChange>();
        var letterIds = book.Letters.Select(l => l.Id).ToHashSet(StringComparer.Ordinal);
        foreach (var r in items)
        {
            var label = r.RequiredString("label");
            if (changes.Any(c => c.Label == label))
            {
                throw r.Error("label", $"duplicate label '{label}'", r.Raw("label"));
            }

            var kinds = Kinds.Where(r.Has).ToList();
            if (kinds.Count != 1)
            {
                throw r.Error(kinds.Count == 0 ? "label" : kinds[1], kinds.Count == 0
                    ? $"a change needs one of {string.Join(", ", Kinds)}"
                    : $"a change has one kind; this one has {string.Join(" and ", kinds)}: split it");
            }

            var citation = $"scenario {Path.GetFileName(file)}: {label}";
            ScenarioChange change = kinds[0] switch
            {
                "parameter" => ReadParameter(r, label, citation, book, isKnownCountry),
                "move" => ReadMove(r, label, citation, book, isKnownCountry),
                "add_letter" => ReadLetter(r, label, citation, book, letterIds, isKnownCountry),
                "lift_letter" => ReadLift(r, label, citation, book),
                "as_written" => r.OptionalBool("as_written") == true
                    ? new DiffusionAsWritten(label, citation)
                    : throw r.Error("as_written", "only 'as_written: true' changes anything (AI Diffusion as enforced is the baseline)", r.Raw("as_written")),
                _ => ReadParty(r, label, citation, parties, isKnownCountry),
            };
            r.RejectUnknown();
            changes.Add(change);
        }

        root.RejectUnknown();
        return new Scenario(name, file, changes);
    }

    private static ParameterOverride ReadParameter(YamlNodeReader r, string label, string citation, RuleBook book, Func<CountryCode, bool> isKnown)
    {
        var name = r.RequiredString("parameter");
        if (!book.HasParameter(name))
        {
            var distance = new F23.StringSimilarity.Levenshtein();
            var near = book.Parameters.Select(p => p.Name).MinBy(n => distance.Distance(n, name));
            throw r.Error("parameter", $"unknown parameter '{name}' (rules/parameters.yaml, rules/licensing.yaml){(near is not null && distance.Distance(near, name) <= 3 ? $"; did you mean '{near}'?" : "")}", r.Raw("parameter"));
        }

        var value = RuleBookLoader.ReadValue(r, book.CountryGroups) ?? throw r.Error("value", "a scenario replaces a value; repealing a parameter is not supported", r.Raw("value"));
        var existing = book.Parameter(name).History.Select(h => h.Value).OfType<ParameterValue>().ToList();
        var kind = Kind(existing[0]);
        if (Kind(value) != kind)
        {
            throw r.Error("value", $"'{value}' is {Kind(value)}, but {name} is {kind}", r.Raw("value"));
        }

        if (value.Text is { } word)
        {
            var words = existing.Select(v => v.Text!).Distinct().ToList();
            var policies = words.All(w => ReviewPolicies.TryParse(w, out _));
            if (policies && !ReviewPolicies.TryParse(word, out _))
            {
                throw r.Error("value", $"'{word}' is not a review policy (policy-of-denial, presumption-of-denial, case-by-case, presumption-of-approval)", r.Raw("value"));
            }

            if (!policies && !words.Contains(word))
            {
                throw r.Error("value", $"'{word}' is not a value {name} has had ({string.Join(", ", words)})", r.Raw("value"));
            }
        }

        if (value.Set is { } set)
        {
            CheckKnown(r, "value", set, isKnown);
        }

        return new ParameterOverride(label, citation, name, value, r.OptionalDate("from"));
    }

    private static string Kind(ParameterValue v) => v.Number is not null ? "a number" : v.Set is not null ? "a destination set" : "a word";

    private static GroupMove ReadMove(YamlNodeReader r, string label, string citation, RuleBook book, Func<CountryCode, bool> isKnown)
    {
        var country = Country(r, "move", isKnown);
        var from = r.OptionalString("from_group");
        var to = r.OptionalString("to_group");
        if (from is null && to is null)
        {
            throw r.Error("move", "give from_group, to_group or both", r.Raw("move"));
        }

        foreach (var (key, g) in new[] { ("from_group", from), ("to_group", to) })
        {
            if (g is not null && !book.CountryGroups.Has(g))
            {
                throw r.Error(key, $"unknown country group '{g}' ({string.Join(", ", book.CountryGroups.All.Select(x => x.Name))})", r.Raw(key));
            }
        }

        var start = new[] { from, to }.OfType<string>().Max(g => book.CountryGroups[g].From);
        var date = r.OptionalDate("date") ?? start;
        if (from is not null && !book.CountryGroups.Contains(from, country, date))
        {
            throw r.Error("from_group", $"{country} is not in {from} on {date:yyyy-MM-dd}: nothing to move", r.Raw("from_group"));
        }

        if (to is not null && book.CountryGroups.Contains(to, country, date))
        {
            throw r.Error("to_group", $"{country} is already in {to} on {date:yyyy-MM-dd}", r.Raw("to_group"));
        }

        return new GroupMove(label, citation, country, from is null ? null : book.CountryGroups[from].Name, to is null ? null : book.CountryGroups[to].Name, date);
    }

    private static LetterAdded ReadLetter(YamlNodeReader r, string label, string citation, RuleBook book, HashSet<string> letterIds, Func<CountryCode, bool> isKnown)
    {
        var m = r.Mapping("add_letter")!;
        var instrumentId = m.OptionalString("instrument");
        var instrument = instrumentId is null
            ? ScenarioChange.InstrumentFor(label, citation, m.RequiredDate("from"))
            : book.Instruments.FirstOrDefault(i => i.Id == instrumentId) ?? throw m.Error("instrument", $"unknown instrument '{instrumentId}' (rules/instruments.yaml)", m.Raw("instrument"));
        var letter = RuleBookLoader.ReadLetter(m, _ => instrument, book.CountryGroups);
        if (!letterIds.Add(letter.Id))
        {
            throw m.Error("id", $"a letter with id '{letter.Id}' already exists", m.Raw("id"));
        }

        CheckKnown(m, "destinations", letter.Destinations, isKnown);
        if (letter.Headquarters is { } hq)
        {
            CheckKnown(m, "headquarters", hq, isKnown);
        }

        return new LetterAdded(label, citation, letter with { Cite = $"{citation} ({letter.Cite})" });
    }

    private static LetterLifted ReadLift(YamlNodeReader r, string label, string citation, RuleBook book)
    {
        var id = r.RequiredString("lift_letter");
        if (!book.Letters.Any(l => l.Id == id))
        {
            throw r.Error("lift_letter", $"unknown letter '{id}' ({string.Join(", ", book.Letters.Select(l => l.Id))})", r.Raw("lift_letter"));
        }

        return new LetterLifted(label, citation, id, r.OptionalDate("from"));
    }

    private static PartyAdded ReadParty(YamlNodeReader r, string label, string citation, PartyList parties, Func<CountryCode, bool> isKnown)
    {
        var m = r.Mapping("add_party")!;
        var id = m.OptionalString("id") ?? $"scenario-{parties.Entries.Count + 1}";
        var party = EntityListLoader.ReadEntry(m, id);
        if (party.Country is { } c && !isKnown(c))
        {
            throw m.Error("country", $"'{c}' is not a known country code", m.Raw("country"));
        }

        // Decisions cite the entry by name and FR cites: the scenario takes the place of the FR notice.
        return new PartyAdded(label, citation, party with { FederalRegister = [citation, .. party.FederalRegister] });
    }

    private static CountryCode Country(YamlNodeReader r, string key, Func<CountryCode, bool> isKnown)
    {
        var s = r.RequiredString(key);
        return CountryCode.TryParse(s, out var c) && c.Value == s && isKnown(c)
            ? c
            : throw r.Error(key, $"'{s}' is not a known ISO 3166-1 alpha-2 country code", r.Raw(key));
    }

    private static void CheckKnown(YamlNodeReader r, string field, DestinationSet set, Func<CountryCode, bool> isKnown)
    {
        foreach (var c in set.Countries.Concat(set.ExceptCountries).Where(c => !isKnown(c)))
        {
            throw r.Error(field, $"'{c}' is not a known ISO 3166-1 alpha-2 country code", r.Raw(field));
        }
    }
}
