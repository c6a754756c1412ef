using System.Security.Cryptography;
using System.Text;
using ComputeGate.Domain.Geography;
using ComputeGate.Domain.Law;
using ComputeGate.Domain.Parties;

namespace ComputeGate.Formats;

/// <summary>
/// Reads a party list in ComputeGate's list YAML (lists/entity-list-sample.yaml documents it): the
/// bundled sample of real Entity List entries, until the screening issue imports the official lists.
/// The snapshot is "&lt;snapshot&gt; (sha256:&lt;first 12 hex&gt;)" so every decision names the exact data.
/// </summary>
public static class EntityListLoader
{
    public const string EmbeddedName = "lists/entity-list-sample.yaml";

    public static PartyList Embedded()
    {
        var assembly = typeof(EntityListLoader).Assembly;
        return Load(EmbeddedName, Catalog.ReadResource(assembly, EmbeddedName));
    }

    public static PartyList Load(string file, string text)
    {
        var root = YamlNodeReader.Parse(file, text);
        var listId = root.RequiredString("list");
        var title = root.RequiredString("title");
        var snapshot = root.RequiredString("snapshot");
        _ = root.OptionalString("source");
        var entries = new List<ListedParty>();
        foreach (var e in root.Mappings("entries"))
        {
            var id = e.RequiredString("id");
            if (entries.Any(x => x.Id == id))
            {
                throw e.Error("id", $"duplicate entry id '{id}'");
            }

            entries.Add(ReadEntry(e, id));
        }

        root.RejectUnknown();
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..12];
        return new PartyList(listId, title, $"{snapshot} (sha256:{hash})", entries);
    }

    /// <summary>One entry (the schema of lists/entity-list-sample.yaml, after its <c>id</c>); unknown fields are errors.</summary>
    internal static ListedParty ReadEntry(YamlNodeReader e, string id)
    {
        var countryText = e.OptionalString("country");
        CountryCode? country = countryText is null ? null
            : CountryCode.TryParse(countryText, out var c) && c.Value == countryText ? c
            : throw e.Error("country", $"'{countryText}' is not an ISO 3166-1 alpha-2 code");
        var policyText = e.OptionalString("review_policy");
        ReviewPolicy? policy = policyText is null ? null
            : ReviewPolicies.TryParse(policyText, out var p) ? p
            : throw e.Error("review_policy", $"'{policyText}' is not a review policy (policy-of-denial, presumption-of-denial, case-by-case, presumption-of-approval)");
        var footnotes = e.Strings("footnotes").Select((f, i) => int.TryParse(f, out var n) ? n : throw e.Error($"footnotes[{i}]", $"'{f}' is not a footnote number")).ToList();
        var party = new ListedParty(
            id,
            e.RequiredString("name"),
            e.Strings("aliases"),
            country,
            e.OptionalString("address"),
            e.RequiredDate("listed"),
            e.Strings("federal_register"),
            e.RequiredString("license_requirement"),
            policy,
            e.OptionalString("review_policy_text"),
            footnotes,
            e.OptionalString("unverified"));
        e.RejectUnknown();
        return party;
    }
}
