using ComputeGate.Domain;
using System.Globalization;
using ComputeGate.Domain.Geography;
using ComputeGate.Domain.Licensing;
using CsvHelper;

namespace ComputeGate.Formats;

/// <summary>
/// Reads an order book CSV as a stream (constant memory in the number of rows). Header row required,
/// columns in any order: id, date, item, quantity, destination, end_user, end_user_country,
/// end_user_hq, exporter, and optional unit_value_usd, consignee, ship_from; other columns are kept.
/// A row that cannot be read becomes an error naming its line and field; the other rows go on. A file
/// that cannot be read at all (no header, a required column missing) throws <see cref="InputException"/>.
/// </summary>
public sealed class OrderBookReader
{
    public delegate bool CountryResolver(string text, out CountryCode code);

    public static readonly IReadOnlyList<string> Required = ["id", "item", "quantity", "destination"];
    public static readonly IReadOnlyList<string> Known =
        ["id", "date", "item", "quantity", "destination", "end_user", "end_user_country", "end_user_hq", "exporter", "unit_value_usd", "consignee", "ship_from"];

    private readonly Catalog _catalog;
    private readonly CountryResolver _countries;
    private OrderLineParser? _parser;

    public OrderBookReader(Catalog catalog, CountryResolver countries)
    {
        _catalog = catalog;
        _countries = countries;
    }

    /// <summary>The header's extra columns, once <see cref="Read"/> has started.</summary>
    public IReadOnlyList<string> ExtraColumns { get; private set; } = [];

    /// <param name="file">The file name shown in messages; item paths are relative to its directory.</param>
    /// <param name="asOf">When given, every line is decided on this date (the date column may then be absent).</param>
    public IEnumerable<OrderRow> Read(string file, TextReader text, DateOnly? asOf)
    {
        // The header is read and checked now (a file that cannot be read fails before any row); the rows stream.
        var (parser, state) = Open(file, text, asOf);
        return Rows(parser, state);
    }

    private sealed record HeaderState(string File, DateOnly? AsOf, string[] Header, int[] ExtraIdx, Columns Cols, string BaseDir, Func<(long Record, CsvMalformedReason Reason)?> TakeMalformed);

    private (CsvReader, HeaderState) Open(string file, TextReader text, DateOnly? asOf)
    {
        // Malformed quoting is recovered from and reported on the row it affects (not fatal).
        (long Record, CsvMalformedReason Reason)? malformed = null;
        var options = new CsvReaderOptions
        {
            HasHeader = false,
            TrimWhitespace = true,
            SkipEmptyLines = true,
            TrackLineNumbers = true,
            MalformedData = CsvMalformedDataHandling.Recover,

            // A quote that is never closed would otherwise run to the end of the input and swallow every
            // row after it into one error row. Order-book fields do not need line breaks.
            AllowLineBreaksInQuotes = false,
            FieldCountMismatch = CsvFieldCountHandling.Allow,
            OnMalformedRecord = m => malformed = (m.RecordNumber, m.Reason),
            FormatProvider = CultureInfo.InvariantCulture,
        };
        var parser = CsvReader.Create(text, options, leaveOpen: true);
        if (!parser.Read())
        {
            throw new InputException(file, null, 1, "the file is empty (a header row is required)");
        }

        var headerRow = new string[parser.FieldCount];
        for (var i = 0; i < headerRow.Length; i++)
        {
            headerRow[i] = parser.GetString(i);
        }

        var header = headerRow.Select(h => h.Trim().TrimStart('\uFEFF').ToLowerInvariant()).ToArray();
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < header.Length; i++)
        {
            if (!index.TryAdd(header[i], i))
            {
                throw new InputException(file, header[i], 1, "the column appears twice in the header");
            }
        }

        foreach (var column in Required.Append(asOf is null ? "date" : null).OfType<string>())
        {
            if (!index.ContainsKey(column))
            {
                throw new InputException(file, column, 1, $"required column missing from the header (columns: {string.Join(", ", Known)})");
            }
        }

        var extraIdx = Enumerable.Range(0, header.Length).Where(i => !Known.Contains(header[i])).ToArray();
        ExtraColumns = extraIdx.Select(i => headerRow[i].Trim()).ToList(); // as the user wrote them
        int Col(string name) => index.TryGetValue(name, out var i) ? i : -1;
        var cols = new Columns(Col("id"), Col("date"), Col("item"), Col("quantity"), Col("destination"), Col("end_user"), Col("end_user_country"),
            Col("end_user_hq"), Col("exporter"), Col("unit_value_usd"), Col("consignee"), Col("ship_from"));
        var baseDir = Path.GetDirectoryName(Path.GetFullPath(file)) ?? ".";
        return (parser, new HeaderState(file, asOf, header, extraIdx, cols, baseDir, () =>
        {
            var m = malformed;
            malformed = null;
            return m;
        }));
    }

    private IEnumerable<OrderRow> Rows(CsvReader parser, HeaderState h)
    {
        using var _ = parser;
        var (file, asOf, header, extraIdx, cols, baseDir) = (h.File, h.AsOf, h.Header, h.ExtraIdx, h.Cols, h.BaseDir);
        var record = new List<string>(header.Length);
        while (CsvRows.Next(parser, file))
        {

            record.Clear();
            for (var i = 0; i < parser.FieldCount; i++)
            {
                record.Add(parser.GetString(i));
            }

            var lineNumber = (int)parser.LineNumber;
            var extra = extraIdx.Length == 0 ? [] : extraIdx.Select(i => i < record.Count ? record[i] : "").ToArray();
            if (h.TakeMalformed() is { } m)
            {
                yield return new OrderRow(lineNumber, record.Count > cols.Id && cols.Id >= 0 ? record[cols.Id] : "", null, "row", $"malformed CSV ({m.Reason})", extra) { File = file };
                continue;
            }

            yield return ReadRow(record, lineNumber, cols, header.Length, extra, asOf, baseDir) with { File = file };
        }
    }

    private readonly record struct Columns(int Id, int Date, int Item, int Quantity, int Destination, int EndUser, int EndUserCountry,
        int EndUserHq, int Exporter, int UnitValue, int Consignee, int ShipFrom);

    private OrderRow ReadRow(List<string> r, int lineNumber, Columns c, int width, string[] extra, DateOnly? asOf, string baseDir)
    {
        string Get(int i) => i >= 0 && i < r.Count ? r[i] : "";
        var id = Get(c.Id);
        if (r.Count != width)
        {
            return new OrderRow(lineNumber, id, null, "row", $"has {r.Count} fields, the header has {width}", extra);
        }

        var parser = _parser ??= new OrderLineParser(_catalog, _countries, baseDir);
        var (line, problem) = parser.Parse(
            new OrderLineText(id, Get(c.Date), Get(c.Item), Get(c.Quantity), Get(c.Destination), Get(c.EndUser), Get(c.EndUserCountry), Get(c.EndUserHq),
                Get(c.Exporter), Get(c.Consignee), Get(c.UnitValue), Get(c.ShipFrom)),
            OrderLineFieldNames.Csv, overrideDate: asOf);
        return line is not null ? new OrderRow(lineNumber, id, line, null, null, extra) : new OrderRow(lineNumber, id, null, problem!.Field, problem.Problem, extra);
    }
}
