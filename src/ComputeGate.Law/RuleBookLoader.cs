using System.Security.Cryptography;
using System.Text;
using ComputeGate.Domain.Geography;
using ComputeGate.Domain.Law;
using YamlDotNet.RepresentationModel;

namespace ComputeGate.Law;

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
        var parameters = ReadParameters(YamlNodeReader.Parse("rules/parameters.yaml", Text("parameters.yaml")), instruments);
        var groups = ReadGroups(YamlNodeReader.Parse("rules/country-groups.yaml", Text("country-groups.yaml")));

        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(string.Concat(files.OrderBy(f => f.Key, StringComparer.Ordinal).Select(f => f.Key + "\n" + f.Value))));
        var version = $"{release} (sha256:{Convert.ToHexStringLower(hash)[..12]})";
        return new RuleBook(version, instruments.Values, parameters, groups);
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

    private static List<Parameter> ReadParameters(YamlNodeReader root, IReadOnlyDictionary<string, Instrument> instruments)
    {
        var map = root.Mapping("parameters") ?? throw root.Error("parameters", "required field is missing");
        var result = new List<Parameter>();
        foreach (var name in map.Keys.ToList())
        {
            var p = map.Mapping(name) ?? throw map.Error(name, "expected a mapping");
            var history = new List<ParameterEntry>();
            foreach (var e in p.Mappings("history"))
            {
                var instrumentId = e.RequiredString("instrument");
                var instrument = instruments.TryGetValue(instrumentId, out var i) ? i : throw e.Error("instrument", $"unknown instrument '{instrumentId}'");
                var value = e.Raw("value") switch
                {
                    null => throw e.Error("value", "required field is missing (use null to repeal)"),
                    YamlScalarNode { Value: null or "null" or "~" or "" } => null,
                    YamlScalarNode s when decimal.TryParse(s.Value, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var d) => ParameterValue.Of(d),
                    YamlScalarNode s => ParameterValue.Of(s.Value!),
                    var other => throw e.Error("value", "expected a single value", other),
                };
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

    private static CountryGroups ReadGroups(YamlNodeReader root)
    {
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
        return new CountryGroups(groups);
    }

    private static List<CountryCode> Codes(YamlNodeReader r, string key) =>
        r.Strings(key).Select((s, i) => CountryCode.TryParse(s, out var c) && c.Value == s
            ? c
            : throw r.Error($"{key}[{i}]", $"'{s}' is not an ISO 3166-1 alpha-2 code")).ToList();
}
