using ComputeGate.Domain;
using System.Globalization;
using ComputeGate.Domain.Screening;
using CsvHelper;

namespace ComputeGate.Formats.Lists;

/// <summary>
/// Reads OFAC's legacy CSV files: the SDN list (<c>sdn.csv</c>, <c>alt.csv</c>, <c>add.csv</c>,
/// <c>sdn_comments.csv</c>) or the consolidated non-SDN list (<c>cons_prim.csv</c>, <c>cons_alt.csv</c>,
/// <c>cons_add.csv</c>, <c>cons_comments.csv</c>). No header row; fields by position; <c>-0-</c> (with or without
/// a trailing space) is null; CRLF line ends; quoted fields; a 0x1A (Ctrl-Z) byte closes the file and is skipped.
/// <list type="bullet">
/// <item>Primary (12 fields: ent_num, SDN_Name, SDN_Type, Program, Title, Call_Sign, Vess_type, Tonnage, GRT,
/// Vess_flag, Vess_owner, Remarks): EntryId = ent_num; the primary name as written (individuals "SURNAME, Given");
/// Kind from SDN_Type (individual, vessel, aircraft; null is an entity); Programs from "IRAN] [SDGT" → IRAN, SDGT;
/// Remarks as given. Title and the vessel columns are not kept (the model has no place for them).</item>
/// <item>Aliases (5: ent_num, alt_num, alt_type, alt_name, alt_remarks): names of kind aka, fka, nka or "weak aka".</item>
/// <item>Addresses (6: ent_num, add_num, address, city_state_province_postal, country, add_remarks): the non-null
/// parts joined with ", "; the country resolved to ISO alpha-2 (raw text when unresolvable). A row with no part
/// (OFAC's placeholder) adds nothing.</item>
/// <item>Comments (2: ent_num, text): the rest of a Remarks cell OFAC cut at 1,000 characters, appended as is
/// (it continues mid-word).</item>
/// </list>
/// Rows are joined on ent_num. A row whose ent_num is not in the primary file (the files were downloaded on
/// different days), whose field count is wrong or whose values cannot be read is rejected with file, line and
/// field; the others go through. A primary file with no readable row is an <see cref="InputException"/>.
/// </summary>
public sealed class OfacLegacyReader(CountryDirectory? countries = null)
{
    private const int PrimaryFields = 12;
    private const int AliasFields = 5;
    private const int AddressFields = 6;
    private const int CommentFields = 2;

    private readonly CountryDirectory _countries = countries ?? CountryDirectory.Default();

    /// <summary>Reads files by path (see <see cref="Read"/>).</summary>
    public ParsedList ReadFiles(string list, string primary, string? aliases = null, string? addresses = null, string? comments = null)
    {
        using var p = ListSource.FromFile(primary);
        using var alt = aliases is null ? null : ListSource.FromFile(aliases);
        using var add = addresses is null ? null : ListSource.FromFile(addresses);
        using var com = comments is null ? null : ListSource.FromFile(comments);
        return Read(list, p, alt, add, com);
    }

    /// <param name="list">"sdn" (format <see cref="ListFormat.OfacSdn"/>) or "cons" (<see cref="ListFormat.OfacCons"/>).</param>
    public ParsedList Read(string list, ListSource primary, ListSource? aliases = null, ListSource? addresses = null, ListSource? comments = null)
    {
        var format = list switch
        {
            "sdn" => ListFormat.OfacSdn,
            "cons" => ListFormat.OfacCons,
            _ => throw new ArgumentException($"'{list}' is not an OFAC legacy list (sdn or cons)", nameof(list)),
        };

        var rejected = new List<RejectedRow>();
        var entries = new Dictionary<int, Pending>();
        var order = new List<Pending>();

        foreach (var (line, f) in Rows(primary, PrimaryFields, rejected))
        {
            if (ReadEntNum(primary.Name, line, f, rejected) is not { } ent)
            {
                continue;
            }

            if (entries.TryGetValue(ent, out var first))
            {
                rejected.Add(new RejectedRow(primary.Name, line, "ent_num", $"{ent} was already read at line {first.Line}"));
                continue;
            }

            if (f[1] is not { } name)
            {
                rejected.Add(new RejectedRow(primary.Name, line, "SDN_Name", "is null"));
                continue;
            }

            PartyKind? kind = f[2]?.ToLowerInvariant() switch
            {
                null => PartyKind.Entity,
                "individual" => PartyKind.Individual,
                "vessel" => PartyKind.Vessel,
                "aircraft" => PartyKind.Aircraft,
                _ => null,
            };
            if (kind is null)
            {
                rejected.Add(new RejectedRow(primary.Name, line, "SDN_Type", $"'{f[2]}' is not individual, vessel, aircraft or -0- (an entity)"));
                continue;
            }

            var pending = new Pending(ent, line, name, kind.Value, Programs(f[3]), f[11], new CountryList(_countries));
            entries.Add(ent, pending);
            order.Add(pending);
        }

        ListText.RequireEntries(primary.Name, order.Count, rejected);

        if (aliases is not null)
        {
            foreach (var (line, f) in Rows(aliases, AliasFields, rejected))
            {
                if (Joined(aliases.Name, line, f, entries, primary.Name, rejected) is not { } entry)
                {
                    continue;
                }

                NameKind? kind = f[2]?.ToLowerInvariant() switch
                {
                    "aka" => NameKind.Aka,
                    "fka" => NameKind.Fka,
                    "nka" => NameKind.Nka,
                    "weak aka" => NameKind.WeakAka,
                    _ => null,
                };
                if (kind is null)
                {
                    rejected.Add(new RejectedRow(aliases.Name, line, "alt_type", $"'{f[2]}' is not aka, fka, nka or weak aka"));
                }
                else if (f[3] is not { } altName)
                {
                    rejected.Add(new RejectedRow(aliases.Name, line, "alt_name", "is null"));
                }
                else
                {
                    entry.Aliases.Add((altName, kind.Value));
                }
            }
        }

        if (addresses is not null)
        {
            foreach (var (line, f) in Rows(addresses, AddressFields, rejected))
            {
                if (Joined(addresses.Name, line, f, entries, primary.Name, rejected) is not { } entry)
                {
                    continue;
                }

                var parts = new[] { f[2], f[3], f[4] }.OfType<string>().ToList();
                if (parts.Count > 0)
                {
                    entry.Addresses.Add(string.Join(", ", parts));
                }

                entry.Countries.Add(f[4], keepRaw: true);
            }
        }

        if (comments is not null)
        {
            foreach (var (line, f) in Rows(comments, CommentFields, rejected))
            {
                if (Joined(comments.Name, line, f, entries, primary.Name, rejected) is { } entry && f[1] is { } more)
                {
                    entry.Remarks = entry.Remarks + more;
                }
            }
        }

        var result = order.Select(p => new ListEntry
        {
            List = list,
            EntryId = p.EntNum.ToString(CultureInfo.InvariantCulture),
            Kind = p.Kind,
            Names = ListText.Names(p.Name, p.Aliases),
            Countries = p.Countries.ToList(),
            Addresses = p.Addresses,
            Programs = p.Programs,
            Remarks = p.Remarks,
        }).ToList();
        return new ParsedList(format, result, rejected);
    }

    /// <summary>"IRAN] [SDGT" → IRAN, SDGT.</summary>
    internal static List<string> Programs(string? cell) =>
        cell is null ? [] : cell.Split("] [").Select(p => p.Trim(' ', '[', ']')).Where(p => p.Length > 0).ToList();

    private sealed class Pending(int entNum, int line, string name, PartyKind kind, List<string> programs, string? remarks, CountryList countries)
    {
        public int EntNum { get; } = entNum;
        public int Line { get; } = line;
        public string Name { get; } = name;
        public PartyKind Kind { get; } = kind;
        public List<string> Programs { get; } = programs;
        public string? Remarks { get; set; } = remarks;
        public CountryList Countries { get; } = countries;
        public List<(string Name, NameKind Kind)> Aliases { get; } = [];
        public List<string> Addresses { get; } = [];
    }

    private static int? ReadEntNum(string file, int line, string?[] f, List<RejectedRow> rejected)
    {
        if (int.TryParse(f[0], NumberStyles.None, CultureInfo.InvariantCulture, out var ent))
        {
            return ent;
        }

        rejected.Add(new RejectedRow(file, line, "ent_num", $"'{f[0]}' is not a whole number"));
        return null;
    }

    private static Pending? Joined(string file, int line, string?[] f, Dictionary<int, Pending> entries, string primary, List<RejectedRow> rejected)
    {
        if (ReadEntNum(file, line, f, rejected) is not { } ent)
        {
            return null;
        }

        if (entries.TryGetValue(ent, out var entry))
        {
            return entry;
        }

        rejected.Add(new RejectedRow(file, line, "ent_num", $"{ent} is not in {primary} (the files are from different days, or the entry was rejected)"));
        return null;
    }

    /// <summary>
    /// The records of a headerless OFAC file, -0- as null. A record with the wrong number of fields or malformed
    /// quoting is rejected here. The closing 0x1A byte is dropped wherever it ends up (a record of its own after
    /// the last CRLF, or the end of the last field when the file does not end with a line break).
    /// </summary>
    private static IEnumerable<(int Line, string?[] Fields)> Rows(ListSource source, int width, List<RejectedRow> rejected)
    {
        var file = source.Name;
        (long Line, CsvMalformedReason Reason)? malformed = null;
        var options = new CsvReaderOptions
        {
            HasHeader = false,
            Separator = ',',
            TrimWhitespace = true,
            TrackLineNumbers = true,
            NullValues = ["-0-"],
            MalformedData = CsvMalformedDataHandling.Recover,
            FieldCountMismatch = CsvFieldCountHandling.Allow,
            OnMalformedRecord = m => malformed = (m.LineNumber, m.Reason),
        };

        Stream content;
        try
        {
            content = source.OpenContent();
        }
        catch (InvalidDataException e)
        {
            throw new InputException(file, null, null, $"the gzip data cannot be read: {e.Message}");
        }

        using var csv = CsvReader.Create(content, options, leaveOpen: false);
        while (CsvRows.Next(csv, file))
        {
            var line = checked((int)csv.LineNumber);
            var fields = new string?[csv.FieldCount];
            for (var i = 0; i < fields.Length; i++)
            {
                fields[i] = ListText.Clean(csv.GetStringOrNull(i));
            }

            if (fields.Length > 0 && fields[^1] is { } last && last.EndsWith('\u001A'))
            {
                fields[^1] = last.TrimEnd('\u001A') is var cut && cut.TrimEnd() is "-0-" ? null : ListText.Clean(cut);
                if (fields is [null])
                {
                    continue; // the 0x1A byte on a line of its own
                }
            }

            if (malformed is { } m)
            {
                malformed = null;
                rejected.Add(new RejectedRow(file, line, "row", $"malformed CSV ({m.Reason})"));
                continue;
            }

            if (fields.Length != width)
            {
                rejected.Add(new RejectedRow(file, line, "row", $"has {fields.Length} fields; this OFAC file has {width}"));
                continue;
            }

            yield return (line, fields);
        }
    }
}
