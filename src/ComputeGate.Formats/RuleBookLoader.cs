using ComputeGate.Domain;
using System.Security.Cryptography;
using System.Text;
using ComputeGate.Domain.Geography;
using ComputeGate.Domain.Law;
using YamlDotNet.RepresentationModel;

namespace ComputeGate.Formats;

/// <summary>
/// Loads the law (rules/*.yaml, embedded in the build) into a <see cref="RuleBook"/>. Every reference
/// is checked: an entry naming an unknown instrument, an unknown country code or a malformed date is
/// an error naming the file and field, never a silent default.
/// </summary>
public static class RuleBookLoader
{
    public static RuleBook Embedded()
    {
        var assembly = typeof(RuleBookLoader).Assembly;
        var files = assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith("rules/", StringComparison.Ordinal) && n.EndsWith(".yaml", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .ToDictionary(n => n, n => Catalog.ReadResource(assembly, n));
        return Load(files);
    }

    /// <summary>Loads from file name → text (names as "rules/parameters.yaml").</summary>
    public static RuleBook Load(IReadOnlyDictionary<string, string> files)
    {
        string Text(string name) => files.TryGetValue($"rules/{name}", out var t) ? t : throw new InputException($"rules/{name}", null, null, "missing rule file");

        var release = YamlNodeReader.Parse("rules/ruleset.yaml", Text("ruleset.yaml")).RequiredString("release");
        var instruments = ReadInstruments(YamlNodeReader.Parse("rules/instruments.yaml", Text("instruments.yaml")));
        var groups = ReadGroups(YamlNodeReader.Parse("rules/country-groups.yaml", Text("country-groups.yaml")));
        var parameters = ReadParameters(YamlNodeReader.Parse("rules/parameters.yaml", Text("parameters.yaml")), instruments, groups);
        var licensing = ReadParameters(YamlNodeReader.Parse("rules/licensing.yaml", Text("licensing.yaml")), instruments, groups);
        foreach (var duplicate in parameters.Select(p => p.Name).Intersect(licensing.Select(p => p.Name)))
        {
            throw new InputException("rules/licensing.yaml", $"parameters.{duplicate}", null, "parameter already defined in rules/parameters.yaml");
        }

        parameters.AddRange(licensing);
        var overlays = YamlNodeReader.Parse("rules/overlays.yaml", Text("overlays.yaml"));
        var letters = ReadLetters(overlays, instruments, groups);
        var guidance = ReadGuidance(overlays, instruments);
        overlays.RejectUnknown();

        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(string.Concat(files.OrderBy(f => f.Key, StringComparer.Ordinal).Select(f => f.Key + "\n" + f.Value))));
        var version = $"{release} (sha256:{Convert.ToHexStringLower(hash)[..12]})";
        return new RuleBook(version, instruments.Values, parameters, groups, letters, guidance);
    }

    private static Dictionary<string, Instrument> ReadInstruments(YamlNodeReader root)
    {
        var result = new Dictionary<string, Instrument>(StringComparer.Ordinal);
        foreach (var r in root.Mappings("instruments"))
        {
            var id = r.RequiredString("id");
            var enforcement = r.Mappings("enforcement").Select(e =>
            {
                var status = e.RequiredString("status") switch
                {
                    "enforced" => EnforcementStatus.Enforced,
                    "not-enforced" => EnforcementStatus.NotEnforced,
                    "suspended" => EnforcementStatus.Suspended,
                    var s => throw e.Error("status", $"unknown enforcement status '{s}' (enforced, not-enforced, suspended)"),
                };
                var change = new EnforcementChange(e.RequiredDate("from"), status, e.RequiredString("cite"));
                e.RejectUnknown();
                return change;
            }).ToList();
            var instrument = new Instrument(
                id,
                r.RequiredString("title"),
                r.RequiredString("kind"),
                r.RequiredString("citation"),
                r.RequiredDate("effective"),
                r.OptionalDate("published"),
                r.OptionalDate("compliance"),
                enforcement,
                r.OptionalString("url"),
                r.Strings("notes"),
                r.OptionalString("unverified"));
            r.RejectUnknown();
            if (!result.TryAdd(id, instrument))
            {
                throw r.Error("id", $"duplicate instrument id '{id}'");
            }
        }

        root.RejectUnknown();
        return result;
    }

    private static List<Parameter> ReadParameters(YamlNodeReader root, IReadOnlyDictionary<string, Instrument> instruments, CountryGroups groups)
    {
        var map = root.Mapping("parameters") ?? throw root.Error("parameters", "required field is missing");
        var result = new List<Parameter>();
        foreach (var name in map.Keys.ToList())
        {
            var p = map.Mapping(name) ?? throw map.Error(name, "expected a mapping");
            var history = new List<ParameterEntry>();
            foreach (var e in p.Mappings("history"))
            {
                var instrument = InstrumentOf(e, instruments);
                var value = ReadValue(e, groups);
                var entry = new ParameterEntry(e.RequiredDate("effective"), value, instrument, e.RequiredString("cite"), e.OptionalString("unverified"));
                e.RejectUnknown();
                if (history.Count > 0 && entry.Effective <= history[^1].Effective)
                {
                    throw e.Error("effective", "history entries must be in increasing date order");
                }

                history.Add(entry);
            }

            result.Add(new Parameter(name, p.RequiredString("description"), p.OptionalString("unit"), history));
            p.RejectUnknown();
        }

        root.RejectUnknown();
        return result;
    }

    /// <summary>A parameter entry's <c>value</c>: a number, a word, a destination set, or null (repealed).</summary>
    internal static ParameterValue? ReadValue(YamlNodeReader e, CountryGroups groups) => e.Raw("value") switch
    {
        null => throw e.Error("value", "required field is missing (use null to repeal)"),
        YamlScalarNode { Value: null or "null" or "~" or "" } => null,
        YamlScalarNode s when decimal.TryParse(s.Value, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var d) => ParameterValue.Of(d),
        YamlScalarNode s => ParameterValue.Of(s.Value!),
        YamlMappingNode => ParameterValue.Of(ReadSet(e.Mapping("value")!, groups)),
        var other => throw e.Error("value", "expected a single value or a destination set", other),
    };

    private static Instrument InstrumentOf(YamlNodeReader r, IReadOnlyDictionary<string, Instrument> instruments)
    {
        var id = r.RequiredString("instrument");
        return instruments.TryGetValue(id, out var i) ? i : throw r.Error("instrument", $"unknown instrument '{id}'");
    }

    /// <summary>{ groups, except_groups, countries, except_countries, worldwide }: every group name must exist.</summary>
    internal static DestinationSet ReadSet(YamlNodeReader r, CountryGroups groups)
    {
        List<string> Groups(string key)
        {
            var names = r.Strings(key).ToList();
            for (var i = 0; i < names.Count; i++)
            {
                if (!groups.Has(names[i]))
                {
                    throw r.Error($"{key}[{i}]", $"unknown country group '{names[i]}' (rules/country-groups.yaml)");
                }
            }

            return names;
        }

        var set = new DestinationSet(Groups("groups"), Groups("except_groups"), Codes(r, "countries"), Codes(r, "except_countries"), r.OptionalBool("worldwide") ?? false);
        r.RejectUnknown();
        if (!set.Worldwide && set.Groups.Count == 0 && set.Countries.Count == 0)
        {
            throw r.Error("groups", "a destination set needs groups, countries or worldwide: true");
        }

        return set;
    }

    private static List<IsInformedLetter> ReadLetters(YamlNodeReader root, IReadOnlyDictionary<string, Instrument> instruments, CountryGroups groups)
    {
        var letters = new List<IsInformedLetter>();
        foreach (var r in root.Mappings("letters"))
        {
            var letter = ReadLetter(r, id => InstrumentOf(r, instruments), groups);
            if (letters.Any(l => l.Id == letter.Id))
            {
                throw r.Error("id", $"duplicate letter id '{letter.Id}'");
            }

            letters.Add(letter);
        }

        return letters;
    }

    /// <summary>One letter (rules/overlays.yaml schema); <paramref name="instrumentOf"/> resolves the instrument (its argument: the letter's id).</summary>
    internal static IsInformedLetter ReadLetter(YamlNodeReader r, Func<string, Instrument> instrumentOf, CountryGroups groups)
    {
        var id = r.RequiredString("id");
        ItemPredicate? predicate = null;
        if (r.Mapping("predicate") is { } p)
        {
            var match = p.RequiredString("match");
            predicate = new ItemPredicate(
                match switch { "all" => true, "any" => false, _ => throw p.Error("match", $"'{match}' must be all or any") },
                p.OptionalDecimal("tpp_min"), p.OptionalDecimal("interconnect_min_gbps"), p.OptionalDecimal("memory_bandwidth_min_gbps"), p.OptionalString("unverified"));
            p.RejectUnknown();
        }

        var from = r.RequiredDate("from");
        var until = r.OptionalDate("until");
        if (until < from)
        {
            throw r.Error("until", "ends before it starts");
        }

        var letter = new IsInformedLetter(
            id,
            instrumentOf(id),
            r.RequiredString("exporter"),
            r.Strings("exporter_names"),
            from,
            until,
            r.Strings("items"),
            predicate,
            ReadSet(r.Mapping("destinations") ?? throw r.Error("destinations", "required field is missing"), groups),
            r.Mapping("headquarters") is { } hq ? ReadSet(hq, groups) : null,
            r.RequiredString("cite"),
            r.OptionalString("unverified"));
        r.RejectUnknown();
        if (letter.ExporterNames.Count == 0)
        {
            throw r.Error("exporter_names", "a letter names the exporter it binds");
        }

        return letter;
    }

    private static List<ItemGuidance> ReadGuidance(YamlNodeReader root, IReadOnlyDictionary<string, Instrument> instruments)
    {
        var result = new List<ItemGuidance>();
        foreach (var r in root.Mappings("guidance"))
        {
            result.Add(new ItemGuidance(r.RequiredString("id"), InstrumentOf(r, instruments), r.RequiredDate("from"), r.Strings("items"), r.Strings("item_names"), r.RequiredString("text"), r.RequiredString("cite")));
            r.RejectUnknown();
        }

        return result;
    }

    private static CountryGroups ReadGroups(YamlNodeReader root)
    {
        var treatedAs = root.Mappings("treated_as").Select(t =>
        {
            var rule = new TreatedAs(Code(t, "country"), Code(t, "as"), t.RequiredDate("from"), t.RequiredString("cite"), t.OptionalString("unverified"));
            t.RejectUnknown();
            return rule;
        }).ToList();
        var map = root.Mapping("groups") ?? throw root.Error("groups", "required field is missing");
        var groups = new List<CountryGroup>();
        foreach (var name in map.Keys.ToList())
        {
            var g = map.Mapping(name) ?? throw map.Error(name, "expected a mapping");
            var changes = g.Mappings("changes").Select(c =>
            {
                var change = new MembershipChange(c.RequiredDate("date"), Codes(c, "add"), Codes(c, "remove"), c.RequiredString("cite"), c.OptionalString("unverified"));
                c.RejectUnknown();
                return change;
            }).ToList();
            groups.Add(new CountryGroup(name, g.RequiredString("description"), g.RequiredDate("from"), Codes(g, "members"), g.RequiredString("cite"), changes, g.OptionalString("unverified")));
            g.RejectUnknown();
        }

        root.RejectUnknown();
        return new CountryGroups(groups, treatedAs);
    }

    private static CountryCode Code(YamlNodeReader r, string key)
    {
        var s = r.RequiredString(key);
        return CountryCode.TryParse(s, out var c) && c.Value == s ? c : throw r.Error(key, $"'{s}' is not an ISO 3166-1 alpha-2 code");
    }

    private static List<CountryCode> Codes(YamlNodeReader r, string key) =>
        r.Strings(key).Select((s, i) => CountryCode.TryParse(s, out var c) && c.Value == s
            ? c
            : throw r.Error($"{key}[{i}]", $"'{s}' is not an ISO 3166-1 alpha-2 code")).ToList();
}
