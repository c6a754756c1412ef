using ComputeGate.Domain;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using ComputeGate.Domain.Screening;

namespace ComputeGate.Formats.Lists;

/// <summary>
/// Reads ComputeGate's simple JSON list format, for lists that have no official machine-readable file and for
/// internal lists. It is the schema of the BIS 2026 extractions (<c>shared/data/bis_2026/</c>), plus four optional
/// entity fields:
/// <code>
/// { "list_id": "bis-entity-list",         required: becomes ListEntry.List
///   "source_file": "...", "extracted": "2026-07-09",   optional, not kept
///   "count": 3409,                        required: the number of entities; any other number means the file
///                                         was cut (TRUNCATED) and nothing of it is imported
///   "entities": [ {
///     "name": "Huawei Technologies Co., Ltd.",   required (an entity without one is rejected)
///     "aliases": ["Shenzhen Huawei Technologies"],
///     "country": "China",                 resolved to ISO alpha-2 by CountryDirectory; raw text when unresolvable
///     "address": "...",                   one string, as given
///     "status": null,                     not kept (every BIS 2026 row has null)
///     "effective_date": "2023-10-19",     YYYY-MM-DD; when null, the effective date of the FR document holding the
///                                         cited page (rules/federal-register-documents.yaml), else the earliest
///                                         m/d/yy date in federal_register (the publication date; Remarks says so)
///     "federal_register": "88 FR 71992, 10/19/23",
///     "notes": "...",                     Remarks; for list_id "bis-entity-list" it is the licence requirement (below)
///     "id": "...",                        optional: a stable id chosen by the list's owner
///     "kind": "entity",                   optional: entity, individual, vessel, aircraft (else Unknown)
///     "license_requirement": "...", "license_policy": "..."   optional: the Entity List columns
///   } ] }
/// </code>
/// <para>
/// <b>EntryId</b>, when there is no <c>id</c>: the first 12 hex digits of SHA-256 over the UTF-8 of list_id, name,
/// country and address (trimmed, joined with U+001F). It does not depend on the entity's position, so it is stable
/// across snapshots while those four stay the same. Country is in the key because the Entity List lists one party
/// once per country, often with no address. If two entities still share a key, the later one's key also covers
/// federal_register and effective_date; if that is shared too, the later one is a duplicate and is rejected.
/// </para>
/// <para>
/// <b>Entity List</b> (<c>list_id</c> "bis-entity-list", without <c>license_requirement</c>): <c>notes</c> is the
/// licence requirement column, cut at 200 characters by the extraction. A footnote marker at its end ("... of the
/// EAR) 4", "... of the EAR 2") is taken off into Footnotes, and so are markers left inside the text after
/// "§§ 734.9(e)" or "734.9(g)," ("734.9(e) 1 and 744.11", which stay in the text); one or two digits, each a
/// footnote (Supp. No. 4 to part 744 numbers them with single digits). The licence review policy is not in these
/// files (LicensePolicy stays null).
/// </para>
/// <para>
/// Invalid JSON, a missing list_id, count or entities, and a count that disagrees with the entities are
/// <see cref="InputException"/>s naming the file: such a file is never imported, so the stored snapshot stays.
/// An entity that cannot be read is rejected with its line and field; the others go through.
/// </para>
/// </summary>
public sealed partial class SimpleJsonListReader(CountryDirectory? countries = null, FederalRegisterDocuments? documents = null)
{
    public const string Format = "simple-json";

    /// <summary>The list_id whose notes hold the licence requirement text (the BIS 2026 extraction of Supp. No. 4 to part 744).</summary>
    public const string EntityListId = "bis-entity-list";

    private readonly CountryDirectory _countries = countries ?? CountryDirectory.Default();

    private static readonly Lazy<FederalRegisterDocuments> BundledDocuments = new(FederalRegisterDocuments.Embedded);
    private readonly FederalRegisterDocuments _documents = documents ?? BundledDocuments.Value;

    public ParsedList ReadFile(string path)
    {
        using var source = ListSource.FromFile(path);
        return Read(source);
    }

    public ParsedList Read(ListSource source)
    {
        var file = source.Name;
        byte[] bytes;
        try
        {
            using var content = source.OpenContent();
            using var buffer = new MemoryStream();
            content.CopyTo(buffer);
            bytes = buffer.ToArray();
        }
        catch (InvalidDataException e)
        {
            throw new InputException(file, null, null, $"the gzip data cannot be read: {e.Message}");
        }

        var document = Parse(file, bytes);
        var rejected = new List<RejectedRow>();
        var entries = new List<ListEntry>();
        var keys = new Dictionary<string, int>(StringComparer.Ordinal);
        var datedKeys = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < document.Entities.Count; i++)
        {
            var (line, element) = document.Entities[i];
            try
            {
                var (entry, datedKey) = ReadEntity(document.ListId, element, i);
                if (datedKey is not null && !datedKeys.TryAdd(datedKey, i))
                {
                    var same = datedKeys[datedKey];
                    throw new EntityError($"entities[{i}]", $"duplicates entities[{same}] (line {document.Entities[same].Line}): same name, country, address, federal register and date");
                }

                if (keys.TryGetValue(entry.EntryId, out var first))
                {
                    entry = datedKey is not null
                        ? entry with { EntryId = datedKey }
                        : throw new EntityError($"entities[{i}].id", $"'{entry.EntryId}' is already the id of entities[{first}] (line {document.Entities[first].Line})");
                }

                keys.Add(entry.EntryId, i);
                entries.Add(entry);
            }
            catch (EntityError e)
            {
                rejected.Add(new RejectedRow(file, line, e.Field, e.Message));
            }
        }

        ListText.RequireEntries(file, entries.Count, rejected);
        return new ParsedList(Format, entries, rejected);
    }

    private sealed record Document(string ListId, IReadOnlyList<(int Line, JsonElement Element)> Entities);

    private sealed class EntityError(string field, string message) : Exception(message)
    {
        public string Field { get; } = field;
    }

    /// <summary>The top level, with each entity's line (counted from the byte offset where it starts).</summary>
    private static Document Parse(string file, byte[] bytes)
    {
        string? listId = null;
        long? count = null;
        List<(int Line, JsonElement Element)>? entities = null;
        var line = 1;
        var counted = 0;
        int LineAt(long offset)
        {
            for (; counted < offset; counted++)
            {
                if (bytes[counted] == (byte)'\n')
                {
                    line++;
                }
            }

            return line;
        }

        try
        {
            var reader = new Utf8JsonReader(bytes);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                throw new InputException(file, null, null, "is not a JSON object ({\"list_id\", \"count\", \"entities\": [...]})");
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var property = reader.GetString();
                reader.Read();
                switch (property)
                {
                    case "list_id":
                        listId = reader.TokenType == JsonTokenType.String ? ListText.Clean(reader.GetString()) : null;
                        if (listId is null)
                        {
                            throw new InputException(file, "list_id", LineAt(reader.TokenStartIndex), "must be a non-empty string");
                        }

                        break;
                    case "count":
                        if (reader.TokenType != JsonTokenType.Number || !reader.TryGetInt64(out var n) || n < 0)
                        {
                            throw new InputException(file, "count", LineAt(reader.TokenStartIndex), "must be a whole number");
                        }

                        count = n;
                        break;
                    case "entities":
                        if (reader.TokenType != JsonTokenType.StartArray)
                        {
                            throw new InputException(file, "entities", LineAt(reader.TokenStartIndex), "must be an array");
                        }

                        entities = [];
                        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                        {
                            var at = LineAt(reader.TokenStartIndex);
                            entities.Add((at, JsonElement.ParseValue(ref reader)));
                        }

                        break;
                    default:
                        reader.Skip();
                        break;
                }
            }

            // Anything after the closing brace other than white space is invalid JSON.
            while (reader.Read())
            {
            }
        }
        catch (JsonException e)
        {
            throw new InputException(file, e.Path is null or "$" ? null : e.Path, e.LineNumber is { } l ? checked((int)l + 1) : null,
                $"invalid JSON (a cut or damaged file is never imported): {e.Message.Split(" Path:")[0]}");
        }

        if (listId is null)
        {
            throw new InputException(file, "list_id", null, "is missing");
        }

        if (entities is null)
        {
            throw new InputException(file, "entities", null, "is missing");
        }

        if (count is null)
        {
            throw new InputException(file, "count", null, "is missing (the number of entities is required, so that a cut file cannot pass as a whole one)");
        }

        if (count != entities.Count)
        {
            throw new InputException(file, "count", null,
                $"says {count} entities but the file has {entities.Count}: the list is TRUNCATED or incomplete and is not imported (the stored snapshot stays)");
        }

        return new Document(listId, entities);
    }

    /// <summary>The entry (its EntryId the <c>id</c> or the hashed key) and, for a hashed key, the key that also covers the dates.</summary>
    private (ListEntry Entry, string? DatedKey) ReadEntity(string listId, JsonElement e, int i)
    {
        var at = $"entities[{i}]";
        if (e.ValueKind != JsonValueKind.Object)
        {
            throw new EntityError(at, "is not an object");
        }

        string? Str(string name)
        {
            if (!e.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null)
            {
                return null;
            }

            return v.ValueKind == JsonValueKind.String ? ListText.Clean(v.GetString()) : throw new EntityError($"{at}.{name}", $"is a {v.ValueKind}, not a string");
        }

        var name = Str("name") ?? throw new EntityError($"{at}.name", "is missing or empty");
        var aliases = new List<string>();
        if (e.TryGetProperty("aliases", out var a) && a.ValueKind != JsonValueKind.Null)
        {
            if (a.ValueKind != JsonValueKind.Array)
            {
                throw new EntityError($"{at}.aliases", $"is a {a.ValueKind}, not an array of strings");
            }

            var j = 0;
            foreach (var alias in a.EnumerateArray())
            {
                if (alias.ValueKind != JsonValueKind.String)
                {
                    throw new EntityError($"{at}.aliases[{j}]", $"is a {alias.ValueKind}, not a string");
                }

                if (ListText.Clean(alias.GetString()) is { } clean)
                {
                    aliases.Add(clean);
                }

                j++;
            }
        }

        var kindText = Str("kind");
        var kind = kindText?.ToLowerInvariant() switch
        {
            null => PartyKind.Unknown,
            "entity" => PartyKind.Entity,
            "individual" => PartyKind.Individual,
            "vessel" => PartyKind.Vessel,
            "aircraft" => PartyKind.Aircraft,
            _ => throw new EntityError($"{at}.kind", $"'{kindText}' is not entity, individual, vessel or aircraft"),
        };

        var federalRegister = Str("federal_register");
        DateOnly? start;
        string? dateNote = null;
        if (Str("effective_date") is { } dateText)
        {
            start = ListText.TryIsoDate(dateText, out var d) ? d : throw new EntityError($"{at}.effective_date", $"'{dateText}' is not a date (YYYY-MM-DD)");
        }
        else if (_documents.Find(federalRegister) is { } rule)
        {
            // The rule's effective date, not the date it was printed (rules/federal-register-documents.yaml).
            start = rule.Effective;
            dateNote = $"Listed from {rule.Effective:yyyy-MM-dd}, the effective date of {rule.Document} (published {rule.Published:yyyy-MM-dd}).";
        }
        else
        {
            start = ListText.EarliestFederalRegisterDate(federalRegister);
            dateNote = start is null ? null
                : $"Listing date {start:yyyy-MM-dd} is the date in the FR citation (the publication date); the rule's effective date is not in {FederalRegisterDocuments.File} and may be earlier (UNVERIFIED).";
        }

        var country = Str("country");
        var address = Str("address");
        var countries = new CountryList(_countries);
        countries.Add(country, keepRaw: true);

        var notes = Str("notes");
        var requirement = Str("license_requirement");
        IReadOnlyList<int> footnotes = [];
        string? remarks = notes;
        if (requirement is null && listId == EntityListId && notes is not null)
        {
            (requirement, footnotes) = SplitFootnotes(notes);
            remarks = null;
        }

        var id = Str("id");
        var entry = new ListEntry
        {
            List = listId,
            EntryId = id ?? Key(listId, name, country, address, null),
            Kind = kind,
            Names = ListText.Names(name, aliases.Select(x => (x, NameKind.Aka))),
            Countries = countries.ToList(),
            Addresses = address is null ? [] : [address],
            FederalRegister = federalRegister,
            StartDate = start,
            LicenseRequirement = requirement,
            LicensePolicy = Str("license_policy"),
            Footnotes = footnotes,
            Remarks = dateNote is null ? remarks : remarks is null ? dateNote : $"{remarks} {dateNote}",
        };
        var datedKey = id is null ? Key(listId, name, country, address, $"{federalRegister}\u001F{Str("effective_date")}") : null;
        return (entry, datedKey);
    }

    /// <summary>The first 12 hex digits of SHA-256 over list_id, name, country, address (and more), joined with U+001F.</summary>
    internal static string Key(string listId, string name, string? country, string? address, string? more)
    {
        string[] parts = more is null ? [listId, name, country ?? "", address ?? ""] : [listId, name, country ?? "", address ?? "", more];
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\u001F', parts))))[..12];
    }

    /// <summary>
    /// Entity List licence requirement text as the BIS 2026 extraction has it → the text without the footnote
    /// marker at its end, and the footnotes (those at the end and those left inside after "734.9(e)" or "734.9(g),";
    /// each digit one footnote): "For all items subject to the EAR, see §§ 734.9(e) 1 and 744.11 of the EAR 2" →
    /// ("For all items subject to the EAR, see §§ 734.9(e) 1 and 744.11 of the EAR", [1, 2]).
    /// </summary>
    public static (string Requirement, IReadOnlyList<int> Footnotes) SplitFootnotes(string notes)
    {
        var footnotes = new List<int>();
        foreach (System.Text.RegularExpressions.Match m in InlineFootnote().Matches(notes))
        {
            AddDigits(m.Groups[1].Value);
        }

        var trailing = TrailingFootnote().Match(notes);
        if (!trailing.Success)
        {
            return (notes, footnotes);
        }

        AddDigits(trailing.Groups[2].Value);
        return (trailing.Groups[1].Value.TrimEnd(), footnotes);

        void AddDigits(string digits)
        {
            foreach (var c in digits)
            {
                if (!footnotes.Contains(c - '0'))
                {
                    footnotes.Add(c - '0');
                }
            }
        }
    }

    // "... of the EAR 2", "... of the EAR) 4", "...of the EAR)4": one or two digits after "EAR", "EAR)" or "EAR.".
    [GeneratedRegex(@"^(.*\bEAR[).]*)\s*(\d{1,2})$", RegexOptions.Singleline)]
    private static partial Regex TrailingFootnote();

    // "§§ 734.9(e) 1 and 744.11", "§§ 734.9(g),3 746.8(a)(3)": a lone digit glued after an FDP paragraph.
    [GeneratedRegex(@"734\.9\([a-z]\)(?:\s|,)(\d)(?=\s)")]
    private static partial Regex InlineFootnote();
}
