using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using ComputeGate.Domain.Screening;
using ComputeGate.Formats;
using Microsoft.VisualBasic.FileIO;

namespace ComputeGate.Domain.Tests;

/// <summary>
/// Real data for the screening tests, read from ../shared/data (beside the repository): the
/// OpenSanctions legal-form vocabulary, the BIS and other US lists of July 2026 (JSON), the OFAC SDN
/// list with its aliases and the OFAC non-SDN list. Loaded once; tests that need it skip when absent.
/// </summary>
public static class ScreeningData
{
    private static readonly Lazy<LegalForms?> LazyLegalForms = new(() =>
    {
        var path = Shared("name_matching", "org_types.yml");
        return path is null ? null : OrgTypesLoader.Load(path, File.ReadAllText(path));
    });

    private static readonly Lazy<ScreeningIndex?> LazyLargeIndex = new(() =>
    {
        if (LegalForms is null || Shared("bis_2026", "bis_entity_list.json") is null || Shared("ofac", "sdn_2024-07-02.csv") is null)
        {
            return null;
        }

        return ScreeningIndex.Build(AllLists(), new NameNormalizer(LegalForms));
    });

    /// <summary>The org_types.yml vocabulary, or null when ../shared/data is not there.</summary>
    public static LegalForms? LegalForms => LazyLegalForms.Value;

    /// <summary>Every list below in one index (about 40,000 names), or null when the data is not there.</summary>
    public static ScreeningIndex? LargeIndex => LazyLargeIndex.Value;

    public static string? Shared(params string[] parts)
    {
        var path = Path.GetFullPath(Path.Combine([RepoRoot(), "..", "shared", "data", .. parts]));
        return File.Exists(path) ? path : null;
    }

    public static IEnumerable<ListEntry> AllLists()
    {
        foreach (var file in new[] { "bis_entity_list", "bis_meu", "bis_dpl", "ofac_nscmic", "dow_1260h", "state_nonproliferation", "state_debarred_statutory" })
        {
            foreach (var e in JsonList(file))
            {
                yield return e;
            }
        }

        foreach (var e in Ofac("sdn", "sdn_2024-07-02.csv", "alt_2026-06.csv"))
        {
            yield return e;
        }

        foreach (var e in Ofac("cons", "cons_prim_2025-12.csv", "cons_alt_2025-12.csv"))
        {
            yield return e;
        }
    }

    /// <summary>A list of the bis_2026 JSON shape ({list_id, entities: [{name, aliases, country}]}); entry ids are positions.</summary>
    public static IEnumerable<ListEntry> JsonList(string file)
    {
        var path = Shared("bis_2026", file + ".json") ?? throw new FileNotFoundException(file);
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        var list = doc.RootElement.GetProperty("list_id").GetString()!;
        var i = 0;
        var entries = new List<ListEntry>();
        foreach (var e in doc.RootElement.GetProperty("entities").EnumerateArray())
        {
            i++;
            var names = new List<EntryName> { new(e.GetProperty("name").GetString()!, NameKind.Primary) };
            if (e.TryGetProperty("aliases", out var aliases) && aliases.ValueKind == JsonValueKind.Array)
            {
                names.AddRange(aliases.EnumerateArray().Select(a => a.GetString()).Where(a => !string.IsNullOrWhiteSpace(a)).Select(a => new EntryName(a!, NameKind.Aka)));
            }

            var country = e.TryGetProperty("country", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString() : null;
            entries.Add(new ListEntry
            {
                List = list,
                EntryId = i.ToString(CultureInfo.InvariantCulture),
                Names = names,
                Countries = country is null ? [] : [country],
            });
        }

        return entries;
    }

    /// <summary>An OFAC legacy CSV pair: primary names (ent_num, name, type, ...) and aliases (ent_num, alt_num, type, name).</summary>
    public static IEnumerable<ListEntry> Ofac(string list, string primFile, string altFile)
    {
        var aliases = Rows(altFile).Where(r => r.Length >= 4).ToLookup(r => r[0].Trim(), r => new EntryName(r[3].Trim(), r[2].Trim().ToLowerInvariant() switch
        {
            "fka" => NameKind.Fka,
            "nka" => NameKind.Nka,
            _ => NameKind.Aka,
        }));
        foreach (var r in Rows(primFile).Where(r => r.Length >= 3))
        {
            var id = r[0].Trim();
            var kind = r[2].Trim().ToLowerInvariant() switch
            {
                "individual" => PartyKind.Individual,
                "vessel" => PartyKind.Vessel,
                "aircraft" => PartyKind.Aircraft,
                _ => PartyKind.Entity,
            };
            yield return new ListEntry
            {
                List = list,
                EntryId = id,
                Kind = kind,
                Names = [new EntryName(r[1].Trim(), NameKind.Primary), .. aliases[id].Where(a => a.Name.Length > 0 && a.Name != "-0-")],
            };
        }
    }

    private static List<string[]> Rows(string file)
    {
        var path = Shared("ofac", file) ?? throw new FileNotFoundException(file);

        // OFAC closes its legacy files with a Ctrl-Z byte.
        var text = File.ReadAllText(path).TrimEnd('\x1A', '\r', '\n');
        using var parser = new TextFieldParser(new StringReader(text)) { TextFieldType = FieldType.Delimited, HasFieldsEnclosedInQuotes = true };
        parser.SetDelimiters(",");
        var rows = new List<string[]>();
        while (!parser.EndOfData)
        {
            rows.Add(parser.ReadFields() ?? []);
        }

        return rows;
    }

    private static string RepoRoot([CallerFilePath] string here = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(here)!, "..", ".."));
}
