using ComputeGate.Domain;
using ComputeGate.Domain.Geography;
using ComputeGate.Domain.Licensing;
using ComputeGate.Formats;

namespace ComputeGate.Formats.Tests;

/// <summary>
/// Held licences (<c>check --licenses</c>): YAML and CSV say the same thing; a malformed licence is an
/// error naming file, line and field and is left out, and the good licences around it are kept.
/// </summary>
public class LicenseFileReaderTests
{
    private static LicenseFileReader.Result Read(string file, string text) =>
        new LicenseFileReader(CountryDirectory.Default().TryResolve).Read(file, text);

    private static DateOnly D(string s) => DateOnly.Parse(s, System.Globalization.CultureInfo.InvariantCulture);

    private const string Yaml = """
        licenses:
          - number: D1000001
            holder: NVIDIA Corporation
            items: [nvidia-h100-sxm, nvidia-h200]
            eccns: [3A090.a]
            destinations: [SA, United Arab Emirates]
            end_users: [Example AI Company, "Example Cloud, Inc."]
            quantity: 300
            value_usd: 8100000.50
            valid_from: 2024-01-01
            valid_until: 2024-12-31
          - number: D1000002
            holder: Example Distribution Ltd.
            eccns: [3A090]
            destinations: [VNM]
            valid_from: 2025-01-01
            valid_until: 2025-06-30
        """;

    private const string Csv = """
        number,holder,items,eccns,destinations,end_users,quantity,value_usd,valid_from,valid_until
        D1000001,NVIDIA Corporation,nvidia-h100-sxm;nvidia-h200,3A090.a,SA; United Arab Emirates,"Example AI Company;Example Cloud, Inc.",300,8100000.50,2024-01-01,2024-12-31
        D1000002,Example Distribution Ltd.,,3A090,VNM,,,,2025-01-01,2025-06-30
        """;

    [Fact]
    public void YamlAndCsvGiveTheSameLicences()
    {
        var yaml = Read("licences.yaml", Yaml);
        var csv = Read("licences.csv", Csv);
        Assert.Empty(yaml.Errors);
        Assert.Empty(csv.Errors);

        foreach (var licences in new[] { yaml.Licenses, csv.Licenses })
        {
            Assert.Equal(2, licences.Count);
            var a = licences[0];
            Assert.Equal("D1000001", a.Number);
            Assert.Equal("NVIDIA Corporation", a.Holder);
            Assert.Equal(["nvidia-h100-sxm", "nvidia-h200"], a.Items);
            Assert.Equal(["3A090.a"], a.Eccns);
            Assert.Equal([new CountryCode("SA"), new CountryCode("AE")], a.Destinations);
            Assert.Equal(["Example AI Company", "Example Cloud, Inc."], a.EndUsers);
            Assert.Equal(300, a.QuantityLimit);
            Assert.Equal(8100000.50m, a.ValueLimitUsd);
            Assert.Equal(D("2024-01-01"), a.ValidFrom);
            Assert.Equal(D("2024-12-31"), a.ValidUntil);

            // Left out: no items, no end users (any), no quantity or value limit.
            var b = licences[1];
            Assert.Equal("D1000002", b.Number);
            Assert.Equal("Example Distribution Ltd.", b.Holder);
            Assert.Empty(b.Items);
            Assert.Equal(["3A090"], b.Eccns);
            Assert.Equal([new CountryCode("VN")], b.Destinations);
            Assert.Empty(b.EndUsers);
            Assert.Null(b.QuantityLimit);
            Assert.Null(b.ValueLimitUsd);
            Assert.Equal(D("2025-06-30"), b.ValidUntil);
        }

        // The source names the file and line, for the reasons of a decision.
        Assert.Equal("licence D1000001 (licences.yaml:2)", yaml.Licenses[0].Source);
        Assert.Equal("licence D1000002 (licences.yaml:12)", yaml.Licenses[1].Source);
        Assert.Equal("licence D1000001 (licences.csv:2)", csv.Licenses[0].Source);
        Assert.Equal("licence D1000002 (licences.csv:3)", csv.Licenses[1].Source);
    }

    [Theory]
    [InlineData("licences.CSV")]
    [InlineData("licences.csv")]
    public void TheFormatFollowsTheExtension(string file) =>
        Assert.Equal(["D1000001", "D1000002"], Read(file, Csv).Licenses.Select(l => l.Number));

    // ------------------------------------------------------------------ malformed licences

    private static readonly string[] Fields = ["number", "holder", "items", "eccns", "destinations", "end_users", "quantity", "value_usd", "valid_from", "valid_until"];

    private static Dictionary<string, string?> Good(string number) => new()
    {
        ["number"] = number, ["holder"] = "NVIDIA Corporation", ["items"] = "nvidia-h100-sxm", ["eccns"] = "3A090.a", ["destinations"] = "SA",
        ["end_users"] = null, ["quantity"] = "100", ["value_usd"] = null, ["valid_from"] = "2024-01-01", ["valid_until"] = "2024-12-31",
    };

    /// <summary>The licence as a YAML list entry; list fields are ';'-separated as in CSV. The entry starts with holder.</summary>
    private static string YamlEntry(Dictionary<string, string?> f)
    {
        var lines = new List<string>();
        foreach (var key in Fields.OrderBy(k => k == "holder" ? 0 : 1))
        {
            if (f[key] is not { } v)
            {
                continue;
            }

            var value = key is "items" or "eccns" or "destinations" or "end_users" ? $"[{string.Join(", ", v.Split(';', StringSplitOptions.RemoveEmptyEntries))}]" : v;
            lines.Add($"{(lines.Count == 0 ? "  - " : "    ")}{key}: {value}");
        }

        return string.Join("\n", lines);
    }

    private static string CsvRecord(Dictionary<string, string?> f) => string.Join(",", Fields.Select(k => f[k] ?? ""));

    public static TheoryData<string, string?, string, string, string, string?> Malformed => new()
    {
        // field changed; its new value (null = left out); field named; problem in CSV; problem in YAML;
        // YAML line: null = the entry's first line, else the line of that key
        { "number", null, "number", "is empty", "required field is missing", null },
        { "holder", null, "holder", "is empty", "required field is missing", null },
        { "items+eccns", null, "items", "a licence names items (catalog ids) or ECCNs", "a licence names items (catalog ids) or ECCNs", null },
        { "destinations", null, "destinations", "a licence names its destinations", "a licence names its destinations", null },
        { "destinations", "SA;Atlantis", "destinations[1]", "'Atlantis' is not a country code or name", "'Atlantis' is not a country code or name", null },
        { "valid_until", "2023-12-31", "valid_until", "ends before it starts", "ends before it starts", null },
        { "valid_from", "2024/01/01", "valid_from", "'2024/01/01' is not a date (YYYY-MM-DD)", "'2024/01/01' is not a date (YYYY-MM-DD)", "valid_from" },
        { "valid_until", "31.12.2024", "valid_until", "'31.12.2024' is not a date (YYYY-MM-DD)", "'31.12.2024' is not a date (YYYY-MM-DD)", "valid_until" },
        { "valid_from", null, "valid_from", "'' is not a date (YYYY-MM-DD)", "required field is missing", null },
        { "quantity", "-5", "quantity", "'-5' is not a positive whole number", "-5 must be 1 or more", "quantity" },
        { "quantity", "0", "quantity", "'0' is not a positive whole number", "0 must be 1 or more", "quantity" },
        { "quantity", "many", "quantity", "'many' is not a positive whole number", "'many' is not a whole number", "quantity" },
        { "value_usd", "-1", "value_usd", "'-1' is not a positive amount", "-1 must be zero or more", "value_usd" },
    };

    private static Dictionary<string, string?> Bad(string change, string? value)
    {
        var f = Good("D-BAD");
        foreach (var key in change.Split('+'))
        {
            f[key] = value;
        }

        return f;
    }

    [Theory]
    [MemberData(nameof(Malformed))]
    public void AMalformedCsvLicenceIsReportedWithFileLineAndFieldAndTheOthersAreKept(string change, string? value, string field, string problem, string yamlProblem, string? yamlLine)
    {
        _ = (yamlProblem, yamlLine);
        var text = $"{string.Join(",", Fields)}\n{CsvRecord(Good("D-GOOD-1"))}\n{CsvRecord(Bad(change, value))}\n{CsvRecord(Good("D-GOOD-2"))}\n";

        var result = Read("held.csv", text);

        Assert.Equal(["D-GOOD-1", "D-GOOD-2"], result.Licenses.Select(l => l.Number));
        var e = Assert.Single(result.Errors);
        Assert.Equal("held.csv", e.File);
        Assert.Equal(3, e.Line);
        Assert.Equal(field, e.FieldPath);
        Assert.StartsWith($"held.csv:3: {field}: {problem}", e.Message);
    }

    [Theory]
    [MemberData(nameof(Malformed))]
    public void AMalformedYamlLicenceIsReportedWithFileLineAndFieldPathAndTheOthersAreKept(string change, string? value, string field, string csvProblem, string problem, string? yamlLine)
    {
        _ = csvProblem;
        var bad = YamlEntry(Bad(change, value));
        var text = $"licenses:\n{YamlEntry(Good("D-GOOD-1"))}\n{bad}\n{YamlEntry(Good("D-GOOD-2"))}\n";
        var lines = text.Split('\n');
        var entryLine = Array.IndexOf(lines, bad.Split('\n')[0], Array.IndexOf(lines, "    number: D-GOOD-1")) + 1;
        var line = yamlLine is null ? entryLine : Array.FindIndex(lines, entryLine - 1, l => l.TrimStart(' ', '-').StartsWith(yamlLine + ":", StringComparison.Ordinal)) + 1;

        var result = Read("held.yaml", text);

        Assert.Equal(["D-GOOD-1", "D-GOOD-2"], result.Licenses.Select(l => l.Number));
        var e = Assert.Single(result.Errors);
        Assert.Equal("held.yaml", e.File);
        Assert.Equal(line, e.Line);
        Assert.Equal($"licenses[1].{field}", e.FieldPath);
        Assert.StartsWith($"held.yaml:{line}: licenses[1].{field}: {problem}", e.Message);
    }

    [Fact]
    public void AnUnknownFieldInAYamlLicenceIsAnErrorNotIgnored()
    {
        var text = $"licenses:\n{YamlEntry(Good("D-1"))}\n    valid_untill: 2025-01-01\n{YamlEntry(Good("D-2"))}\n";
        var result = Read("held.yaml", text);
        Assert.Equal(["D-2"], result.Licenses.Select(l => l.Number));
        var e = Assert.Single(result.Errors);
        Assert.Equal("licenses[0].valid_untill", e.FieldPath);
        Assert.Contains("unknown field", e.Message);
    }

    [Theory]
    [InlineData("held.csv")]
    [InlineData("held.yaml")]
    public void ADuplicateNumberIsReportedAndTheFirstIsKept(string file)
    {
        var first = Good("D-1");
        var second = Good("D-1");
        second["quantity"] = "999";
        var text = file.EndsWith(".csv", StringComparison.Ordinal)
            ? $"{string.Join(",", Fields)}\n{CsvRecord(first)}\n{CsvRecord(Good("D-2"))}\n{CsvRecord(second)}\n"
            : $"licenses:\n{YamlEntry(first)}\n{YamlEntry(Good("D-2"))}\n{YamlEntry(second)}\n";

        var result = Read(file, text);

        Assert.Equal(["D-1", "D-2"], result.Licenses.Select(l => l.Number));
        Assert.Equal(100, result.Licenses[0].QuantityLimit);
        var e = Assert.Single(result.Errors);
        Assert.Equal(file, e.File);
        Assert.Equal(file.EndsWith(".csv", StringComparison.Ordinal) ? 4 : 18, e.Line);
        Assert.EndsWith("number", e.FieldPath);
        Assert.Contains("licence D-1 appears twice; the first is kept", e.Message);
    }

    [Fact]
    public void EveryBadLicenceIsReportedNotOnlyTheFirst()
    {
        var a = Good("D-A");
        a["destinations"] = "Atlantis";
        var b = Good("D-B");
        b["quantity"] = "-1";
        var text = $"{string.Join(",", Fields)}\n{CsvRecord(a)}\n{CsvRecord(Good("D-OK"))}\n{CsvRecord(b)}\n";

        var result = Read("held.csv", text);

        Assert.Equal(["D-OK"], result.Licenses.Select(l => l.Number));
        Assert.Equal([2, 4], result.Errors.Select(e => e.Line));
    }

    [Fact]
    public void AYamlSyntaxErrorFailsTheWholeFile()
    {
        var e = Assert.Throws<InputException>(() => Read("held.yaml", "licenses: [ { number: D-1\n"));
        Assert.Equal("held.yaml", e.File);
        Assert.Contains("YAML syntax error", e.Message);
    }
}
