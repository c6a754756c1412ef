using ComputeGate.Domain;
using System.Text.RegularExpressions;
using ComputeGate.Domain.Screening;
using CsvHelper;

namespace ComputeGate.Formats.Lists;

/// <summary>
/// Reads the trade.gov Consolidated Screening List CSV (<c>consolidated.csv</c>), plain or gzipped (gzip is
/// recognised by its magic bytes). A header row names the columns (29 in the 2022 and 2025 schemas; read by
/// name, in any order; <c>source</c>, <c>name</c> and <c>_id</c> or <c>entity_number</c> are required).
/// Multi-valued cells are joined with "; ".
/// <list type="bullet">
/// <item><see cref="ListEntry.List"/>: "csl:" + the code in parentheses in <c>source</c> ("Entity List (EL) -
/// Bureau of Industry and Security" → "csl:EL"; a trailing " List" is dropped: "(NS-MBS List)" → "csl:NS-MBS").
/// The same party is often on several sub-lists (SDN and SSI, say): one entry per row.</item>
/// <item><see cref="ListEntry.EntryId"/>: <c>_id</c>, else <c>entity_number</c>.</item>
/// <item>Names: <c>name</c> (primary), then <c>alt_names</c> (a.k.a.).</item>
/// <item>Kind: <c>type</c> (Entity, Individual, Vessel, Aircraft); empty (as for every BIS and State row) is
/// <see cref="PartyKind.Unknown"/>.</item>
/// <item>Countries: the country of each address (its last comma part, or the one before a trailing postal
/// code, when it resolves), then <c>nationalities</c> and <c>citizenships</c> (raw text when unresolvable).</item>
/// <item>Addresses, Programs: the cells split on "; ". StartDate: <c>start_date</c> (YYYY-MM-DD).
/// FederalRegister, LicenseRequirement, LicensePolicy, Remarks: <c>federal_register_notice</c>,
/// <c>license_requirement</c>, <c>license_policy</c>, <c>remarks</c> as given. SourceUrl: <c>source_list_url</c>,
/// else <c>source_information_url</c>.</item>
/// </list>
/// A row that cannot be read (malformed quoting, a field count that differs from the header, no name, no id,
/// an unknown type, a bad date, an id already read for the same sub-list) is rejected with its line and field;
/// the other rows go through. A file with no header or no readable row is an <see cref="InputException"/>.
/// </summary>
public sealed partial class CslReader(CountryDirectory? countries = null)
{
    public const string Format = "csl";

    private readonly CountryDirectory _countries = countries ?? CountryDirectory.Default();

    public ParsedList ReadFile(string path)
    {
        using var source = ListSource.FromFile(path);
        return Read(source);
    }

    public ParsedList Read(ListSource source)
    {
        var file = source.Name;
        try
        {
            using var content = source.OpenContent();
            return Read(file, content);
        }
        catch (InvalidDataException e)
        {
            throw new InputException(file, null, null, $"the gzip data cannot be read: {e.Message}");
        }
    }

    private ParsedList Read(string file, Stream content)
    {
        (long Line, CsvMalformedReason Reason)? malformed = null;
        var options = new CsvReaderOptions
        {
            HasHeader = true,
            Separator = ',',
            TrimWhitespace = true,
            TrackLineNumbers = true,
            MalformedData = CsvMalformedDataHandling.Recover,
            FieldCountMismatch = CsvFieldCountHandling.Allow,
            OnMalformedRecord = m => malformed = (m.LineNumber, m.Reason),
        };
        using var csv = CsvReader.Create(content, options, leaveOpen: false);
        csv.ReadHeader();
        if (csv.Headers.Count == 0)
        {
            throw new InputException(file, null, 1, "the file is empty (a CSL header row is required)");
        }

        var columns = Columns.Find(file, csv);
        var entries = new List<ListEntry>();
        var rejected = new List<RejectedRow>();
        var seen = new Dictionary<(string List, string Id), int>();
        var fields = new string[columns.Width];
        while (CsvRows.Next(csv, file))
        {

            var line = checked((int)csv.LineNumber);
            if (malformed is { } m)
            {
                malformed = null;
                rejected.Add(new RejectedRow(file, line, "row", $"malformed CSV ({m.Reason})"));
                continue;
            }

            if (csv.FieldCount != columns.Width)
            {
                rejected.Add(new RejectedRow(file, line, "row", $"has {csv.FieldCount} fields, the header has {columns.Width}"));
                continue;
            }

            for (var i = 0; i < fields.Length; i++)
            {
                fields[i] = csv.GetString(i);
            }

            var entry = ReadRow(fields, columns, out var field, out var problem);
            if (entry is null)
            {
                rejected.Add(new RejectedRow(file, line, field!, problem!));
            }
            else if (seen.TryGetValue((entry.List, entry.EntryId), out var firstLine))
            {
                rejected.Add(new RejectedRow(file, line, columns.Id >= 0 ? "_id" : "entity_number",
                    $"'{entry.EntryId}' was already read for {entry.List} at line {firstLine}"));
            }
            else
            {
                seen.Add((entry.List, entry.EntryId), line);
                entries.Add(entry);
            }
        }

        ListText.RequireEntries(file, entries.Count, rejected);
        return new ParsedList(Format, entries, rejected);
    }

    private ListEntry? ReadRow(string[] r, Columns c, out string? field, out string? problem)
    {
        string? Get(int i) => i >= 0 ? ListText.Clean(r[i]) : null;
        field = null;
        problem = null;

        var source = Get(c.Source);
        var code = source is null ? null : SourceCode(source);
        if (code is null)
        {
            (field, problem) = ("source", source is null ? "is empty" : $"'{source}' has no short code in parentheses, such as (EL)");
            return null;
        }

        var id = Get(c.Id) ?? Get(c.EntityNumber);
        if (id is null)
        {
            (field, problem) = ("_id", "is empty, and so is entity_number");
            return null;
        }

        var name = Get(c.Name);
        if (name is null)
        {
            (field, problem) = ("name", "is empty");
            return null;
        }

        var typeText = Get(c.Type);
        PartyKind kind;
        switch (typeText)
        {
            case null: kind = PartyKind.Unknown; break;
            case "Entity": kind = PartyKind.Entity; break;
            case "Individual": kind = PartyKind.Individual; break;
            case "Vessel": kind = PartyKind.Vessel; break;
            case "Aircraft": kind = PartyKind.Aircraft; break;
            default:
                (field, problem) = ("type", $"'{typeText}' is not Entity, Individual, Vessel or Aircraft");
                return null;
        }

        DateOnly? start = null;
        if (Get(c.StartDate) is { } startText)
        {
            if (!ListText.TryIsoDate(startText, out var d))
            {
                (field, problem) = ("start_date", $"'{startText}' is not a date (YYYY-MM-DD)");
                return null;
            }

            start = d;
        }

        var addresses = ListText.Split(Get(c.Addresses));
        var countries = new CountryList(_countries);
        foreach (var address in addresses)
        {
            countries.AddFromAddress(address);
        }

        foreach (var nationality in ListText.Split(Get(c.Nationalities)).Concat(ListText.Split(Get(c.Citizenships))))
        {
            countries.Add(nationality, keepRaw: true);
        }

        return new ListEntry
        {
            List = "csl:" + code,
            EntryId = id,
            Kind = kind,
            Names = ListText.Names(name, ListText.Split(Get(c.AltNames)).Select(a => (a, NameKind.Aka))),
            Countries = countries.ToList(),
            Addresses = addresses,
            Programs = ListText.Split(Get(c.Programs)),
            FederalRegister = Get(c.FederalRegister),
            StartDate = start,
            LicenseRequirement = Get(c.LicenseRequirement),
            LicensePolicy = Get(c.LicensePolicy),
            Remarks = Get(c.Remarks),
            SourceUrl = Get(c.SourceListUrl) ?? Get(c.SourceInformationUrl),
        };
    }

    /// <summary>The sub-list code of a CSL <c>source</c>: "Entity List (EL) - Bureau of Industry and Security" → "EL"; "(NS-MBS List)" → "NS-MBS"; null without parentheses.</summary>
    public static string? SourceCode(string source)
    {
        var m = Parenthesised().Match(source);
        if (!m.Success)
        {
            return null;
        }

        var code = m.Groups[1].Value.Trim();
        if (code.EndsWith(" List", StringComparison.Ordinal))
        {
            code = code[..^" List".Length].TrimEnd();
        }

        return code.Length == 0 ? null : code;
    }

    [GeneratedRegex(@"\(([^()]+)\)")]
    private static partial Regex Parenthesised();

    private sealed record Columns(int Width, int Id, int Source, int EntityNumber, int Type, int Programs, int Name, int Addresses,
        int FederalRegister, int StartDate, int LicenseRequirement, int LicensePolicy, int Remarks, int SourceListUrl, int AltNames,
        int Citizenships, int Nationalities, int SourceInformationUrl)
    {
        public static Columns Find(string file, CsvReader csv)
        {
            int Col(string name) => csv.TryGetFieldIndex(name, out var i) ? i : -1;
            int Required(string name) => Col(name) is var i and >= 0
                ? i
                : throw new InputException(file, name, 1, $"required column missing from the header (a CSL file has _id, source, name, ...; found: {string.Join(", ", csv.Headers.Take(8))}...)");

            var id = Col("_id");
            var entityNumber = Col("entity_number");
            if (id < 0 && entityNumber < 0)
            {
                _ = Required("_id");
            }

            return new Columns(csv.Headers.Count, id, Required("source"), entityNumber, Col("type"), Col("programs"), Required("name"),
                Col("addresses"), Col("federal_register_notice"), Col("start_date"), Col("license_requirement"), Col("license_policy"),
                Col("remarks"), Col("source_list_url"), Col("alt_names"), Col("citizenships"), Col("nationalities"), Col("source_information_url"));
        }
    }
}
