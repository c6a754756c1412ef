using ComputeGate.Domain;
using System.Globalization;
using ComputeGate.Domain.Licensing;
using CsvHelper;

namespace ComputeGate.Formats;

/// <summary>
/// Reads the licences a user holds, from YAML (<c>licenses: [ {number, holder, items, eccns, destinations,
/// end_users, quantity, value_usd, valid_from, valid_until} ]</c>) or CSV (the same columns; lists
/// separated by ';'). A malformed licence is reported with its file, line and field and left out —
/// which can only make lines stricter (LICENSE_REQUIRED instead of LICENSED); the others are kept.
/// </summary>
public sealed class LicenseFileReader(OrderBookReader.CountryResolver countries)
{
    public sealed record Result(IReadOnlyList<HeldLicense> Licenses, IReadOnlyList<InputException> Errors);

    public Result Read(string file, string text) =>
        file.EndsWith(".csv", StringComparison.OrdinalIgnoreCase) ? ReadCsv(file, text) : ReadYaml(file, text);

    private Result ReadYaml(string file, string text)
    {
        var root = YamlNodeReader.Parse(file, text);
        var licenses = new List<HeldLicense>();
        var errors = new List<InputException>();
        foreach (var r in root.Mappings("licenses"))
        {
            try
            {
                var license = Build(file, r.Line,
                    r.RequiredString("number"), r.RequiredString("holder"), r.Strings("items"), r.Strings("eccns"), r.Strings("destinations"),
                    r.Strings("end_users"), r.OptionalInt("quantity", 1), r.OptionalDecimal("value_usd"), r.RequiredDate("valid_from"), r.RequiredDate("valid_until"),
                    field => r.FieldPath(field));
                r.RejectUnknown();
                Add(licenses, errors, license, file, r.Line);
            }
            catch (InputException e)
            {
                errors.Add(e);
            }
        }

        root.RejectUnknown();
        return new Result(licenses, errors);
    }

    private Result ReadCsv(string file, string text)
    {
        var licenses = new List<HeldLicense>();
        var errors = new List<InputException>();
        using var csv = CsvReader.Create(new StringReader(text), new CsvReaderOptions { HasHeader = true, TrimWhitespace = true, TrackLineNumbers = true, FormatProvider = CultureInfo.InvariantCulture }, leaveOpen: false);
        var row = 1;
        while (csv.Read())
        {
            row++;
            var line = (int)csv.LineNumber;
            string Get(string column) => csv.TryGetFieldIndex(column, out var i) && i < csv.FieldCount ? csv.GetString(i) : "";
            IReadOnlyList<string> List(string column) => Get(column).Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            try
            {
                int? quantity = Get("quantity") is { Length: > 0 } q
                    ? int.TryParse(q, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : throw new InputException(file, "quantity", line, $"'{q}' is not a positive whole number")
                    : null;
                decimal? value = Get("value_usd") is { Length: > 0 } v
                    ? decimal.TryParse(v, NumberStyles.Number, CultureInfo.InvariantCulture, out var d) && d > 0 ? d : throw new InputException(file, "value_usd", line, $"'{v}' is not a positive amount")
                    : null;
                DateOnly Date(string column) => DateOnly.TryParseExact(Get(column), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var dt)
                    ? dt
                    : throw new InputException(file, column, line, $"'{Get(column)}' is not a date (YYYY-MM-DD)");
                var number = Get("number") is { Length: > 0 } num ? num : throw new InputException(file, "number", line, "is empty");
                var holder = Get("holder") is { Length: > 0 } h ? h : throw new InputException(file, "holder", line, "is empty");
                var license = Build(file, line, number, holder, List("items"), List("eccns"), List("destinations"), List("end_users"), quantity, value, Date("valid_from"), Date("valid_until"), f => f);
                Add(licenses, errors, license, file, line);
            }
            catch (InputException e)
            {
                errors.Add(e);
            }
        }

        return new Result(licenses, errors);
    }

    private static void Add(List<HeldLicense> licenses, List<InputException> errors, HeldLicense license, string file, int line)
    {
        if (licenses.Any(l => l.Number == license.Number))
        {
            errors.Add(new InputException(file, "number", line, $"licence {license.Number} appears twice; the first is kept"));
            return;
        }

        licenses.Add(license);
    }

    private HeldLicense Build(string file, int line, string number, string holder, IReadOnlyList<string> items, IReadOnlyList<string> eccns,
        IReadOnlyList<string> destinations, IReadOnlyList<string> endUsers, int? quantity, decimal? value, DateOnly from, DateOnly until, Func<string, string> path)
    {
        if (items.Count == 0 && eccns.Count == 0)
        {
            throw new InputException(file, path("items"), line, "a licence names items (catalog ids) or ECCNs");
        }

        if (destinations.Count == 0)
        {
            throw new InputException(file, path("destinations"), line, "a licence names its destinations");
        }

        if (until < from)
        {
            throw new InputException(file, path("valid_until"), line, "ends before it starts");
        }

        var codes = destinations.Select((d, i) => countries(d, out var c) ? c : throw new InputException(file, $"{path("destinations")}[{i}]", line, $"'{d}' is not a country code or name")).ToList();
        return new HeldLicense(number, holder, items, eccns, codes, endUsers, quantity, value, from, until, $"licence {number} ({file}:{line})");
    }
}
