using ComputeGate.Domain.Licensing;
using ComputeGate.Domain;
using ComputeGate.Domain.Geography;
using ComputeGate.Domain.Items;
using ComputeGate.Formats;

namespace ComputeGate.Formats.Tests;

/// <summary>
/// Order books (issue "Decide order lines"): every readable row becomes a line; a row that cannot be read
/// becomes an error naming its file, line and field, and the rows after it still come through. Only a
/// file that cannot be read at all (empty, a required column missing) is an <see cref="InputException"/>.
/// </summary>
public class OrderBookReaderTests
{
    private static readonly Catalog Catalog = Catalog.Embedded();

    private const string Header = "id,date,item,quantity,destination,end_user,end_user_country,end_user_hq,exporter,unit_value_usd,consignee,ship_from";

    private static OrderBookReader Reader() => new(Catalog, CountryDirectory.Default().TryResolve);

    private static List<OrderRow> Read(string csv, DateOnly? asOf = null, string file = "orders.csv") =>
        Reader().Read(file, new StringReader(csv), asOf).ToList();

    private static InputException Fails(string csv, DateOnly? asOf = null) =>
        Assert.Throws<InputException>(() => Read(csv, asOf));

    private static DateOnly D(string s) => DateOnly.Parse(s, System.Globalization.CultureInfo.InvariantCulture);

    private static CountryCode C(string s) => new(s);

    /// <summary>A good row of <see cref="Header"/>, with some fields replaced.</summary>
    private static string Row(string id, params (string Column, string Value)[] changes)
    {
        var values = new Dictionary<string, string>
        {
            ["id"] = id, ["date"] = "2024-06-01", ["item"] = "nvidia-h100-sxm", ["quantity"] = "8", ["destination"] = "DE",
            ["end_user"] = "Example GmbH", ["end_user_country"] = "DE", ["end_user_hq"] = "DE", ["exporter"] = "NVIDIA Corporation",
            ["unit_value_usd"] = "27000", ["consignee"] = "", ["ship_from"] = "",
        };
        foreach (var (column, value) in changes)
        {
            values[column] = value;
        }

        return string.Join(",", Header.Split(',').Select(c => values[c]));
    }

    [Fact]
    public void GoodRowsBecomeLinesWithEveryField()
    {
        var rows = Read($"""
            {Header}
            l1,2024-06-01,nvidia-h100-sxm,256,SA,Example AI Company,SA,SA,NVIDIA Corporation,27000.50,Example Logistics,US
            l2,2025-04-20,nvidia-h20,10,CN,Example Cloud,,,,,,
            """);

        Assert.Equal(2, rows.Count);
        Assert.All(rows, r => Assert.True(r.Ok));
        Assert.All(rows, r => Assert.Null(r.Message));
        Assert.All(rows, r => Assert.Equal("orders.csv", r.File));

        var a = rows[0].Line!;
        Assert.Equal(2, rows[0].LineNumber);
        Assert.Equal("l1", rows[0].Id);
        Assert.Equal("l1", a.Id);
        Assert.Equal(D("2024-06-01"), a.Date);
        Assert.Equal("nvidia-h100-sxm", a.Item.Id);
        Assert.Equal(256, a.Quantity);
        Assert.Equal(C("SA"), a.Destination);
        Assert.Equal("Example AI Company", a.EndUser);
        Assert.Equal(C("SA"), a.EndUserCountry);
        Assert.Equal(C("SA"), a.EndUserHeadquarters);
        Assert.Equal("NVIDIA Corporation", a.Exporter);
        Assert.Equal(27000.50m, a.UnitValueUsd);
        Assert.Equal(256 * 27000.50m, a.ValueUsd);
        Assert.Equal("Example Logistics", a.Consignee);
        Assert.Equal(C("US"), a.ShipFrom);

        // Optional fields left empty are unknown (null), not defaults.
        var b = rows[1].Line!;
        Assert.Equal(3, rows[1].LineNumber);
        Assert.Equal("nvidia-h20", b.Item.Id);
        Assert.Equal(D("2025-04-20"), b.Date);
        Assert.Null(b.EndUserCountry);
        Assert.Null(b.EndUserHeadquarters);
        Assert.Null(b.Exporter);
        Assert.Null(b.UnitValueUsd);
        Assert.Null(b.ValueUsd);
        Assert.Null(b.Consignee);
        Assert.Null(b.ShipFrom);
    }

    [Fact]
    public void OnlyTheRequiredColumnsAreNeeded()
    {
        var row = Assert.Single(Read("id,date,item,quantity,destination\nl1,2024-06-01,nvidia-h20,3,CN\n"));
        Assert.True(row.Ok);
        Assert.Equal(3, row.Line!.Quantity);
        Assert.Null(row.Line.EndUser);
        Assert.Null(row.Line.Exporter);
    }

    [Fact]
    public void ColumnsMayComeInAnyOrderAndAnyCase()
    {
        var row = Assert.Single(Read("""
            Ship_From,Exporter,End_User_HQ,End_User_Country,End_User,Destination,Quantity,Item,Date,ID,Unit_Value_USD,Consignee
            US,NVIDIA Corporation,SA,SA,Example AI Company,SA,256,nvidia-h100-sxm,2024-06-01,l1,27000,Example Logistics
            """));

        var l = row.Line!;
        Assert.Equal("l1", l.Id);
        Assert.Equal(D("2024-06-01"), l.Date);
        Assert.Equal("nvidia-h100-sxm", l.Item.Id);
        Assert.Equal(256, l.Quantity);
        Assert.Equal(C("SA"), l.Destination);
        Assert.Equal("Example AI Company", l.EndUser);
        Assert.Equal(C("SA"), l.EndUserCountry);
        Assert.Equal(C("SA"), l.EndUserHeadquarters);
        Assert.Equal("NVIDIA Corporation", l.Exporter);
        Assert.Equal(27000m, l.UnitValueUsd);
        Assert.Equal("Example Logistics", l.Consignee);
        Assert.Equal(C("US"), l.ShipFrom);
        Assert.Empty(row.Extra);
    }

    [Fact]
    public void ExtraColumnsAreKeptInFileOrder()
    {
        var reader = Reader();
        var rows = reader.Read("orders.csv", new StringReader("""
            note,id,date,item,po,quantity,destination,region
            first note,l1,2024-06-01,nvidia-h20,PO-1,3,CN,APAC
            second note,l2,2024-06-01,nvidia-h20,PO-2,-3,CN,EMEA
            """), null).ToList();

        Assert.Equal(["note", "po", "region"], reader.ExtraColumns);
        Assert.Equal(["first note", "PO-1", "APAC"], rows[0].Extra);
        Assert.True(rows[0].Ok);

        // An error row keeps its extra columns too (the output shows them next to the error).
        Assert.False(rows[1].Ok);
        Assert.Equal(["second note", "PO-2", "EMEA"], rows[1].Extra);
    }

    [Fact]
    public void AUtf8ByteOrderMarkOnTheHeaderIsIgnored()
    {
        var row = Assert.Single(Read("\uFEFFid,date,item,quantity,destination\nl1,2024-06-01,nvidia-h20,3,CN\n"));
        Assert.True(row.Ok);
        Assert.Equal("l1", row.Line!.Id);
    }

    public static TheoryData<string, string, string, string> MalformedFields => new()
    {
        // column, value, field named in the error, problem
        { "destination", "Atlantis", "destination", "'Atlantis' is not a country code or name" },
        { "destination", "", "destination", "is empty" },
        { "end_user_country", "Atlantis", "end_user_country", "'Atlantis' is not a country code or name" },
        { "end_user_hq", "Narnia", "end_user_hq", "'Narnia' is not a country code or name" },
        { "ship_from", "Atlantis", "ship_from", "'Atlantis' is not a country code or name" },
        { "quantity", "-5", "quantity", "'-5' is not a positive whole number" },
        { "quantity", "0", "quantity", "'0' is not a positive whole number" },
        { "quantity", "ten", "quantity", "'ten' is not a positive whole number" },
        { "quantity", "1.5", "quantity", "'1.5' is not a positive whole number" },
        { "quantity", "", "quantity", "'' is not a positive whole number" },
        { "date", "2024-13-01", "date", "'2024-13-01' is not a date (YYYY-MM-DD)" },
        { "date", "01/06/2024", "date", "'01/06/2024' is not a date (YYYY-MM-DD)" },
        { "date", "2024-02-30", "date", "'2024-02-30' is not a date (YYYY-MM-DD)" },
        { "item", "nvidia-h2000", "item", "'nvidia-h2000' is not a catalog id" },
        { "item", "items/missing.yaml", "item", "'items/missing.yaml': no such item file" },
        { "item", "", "item", "is empty" },
        { "unit_value_usd", "-1", "unit_value_usd", "'-1' is not a non-negative amount" },
        { "unit_value_usd", "lots", "unit_value_usd", "'lots' is not a non-negative amount" },
        { "id", "", "id", "is empty" },
    };

    [Theory]
    [MemberData(nameof(MalformedFields))]
    public void AMalformedFieldBecomesAnErrorRowNamingFileLineAndField(string column, string value, string field, string problem)
    {
        var rows = Read($"{Header}\n{Row("before")}\n{Row("bad", (column, value))}\n{Row("after")}\n");

        Assert.Equal(3, rows.Count);
        Assert.True(rows[0].Ok);
        Assert.True(rows[2].Ok);
        Assert.Equal("after", rows[2].Line!.Id);
        Assert.Equal(4, rows[2].LineNumber);

        var bad = rows[1];
        Assert.False(bad.Ok);
        Assert.Null(bad.Line);
        Assert.Equal(3, bad.LineNumber);
        Assert.Equal(field, bad.ErrorField);
        Assert.StartsWith($"orders.csv:3: {field}: {problem}", bad.Message);
        Assert.Equal(column == "id" ? "" : "bad", bad.Id);
    }

    [Fact]
    public void AZeroUnitValueIsAllowed()
    {
        var row = Read($"{Header}\n{Row("free", ("unit_value_usd", "0"))}\n").Single();
        Assert.True(row.Ok);
        Assert.Equal(0m, row.Line!.UnitValueUsd);
    }

    [Theory]
    [InlineData(",extra-field", 13)]
    [InlineData(null, 11)]
    public void ARowWithTheWrongNumberOfFieldsIsAnErrorRow(string? tail, int fields)
    {
        var bad = tail is null ? Row("bad")[..Row("bad").LastIndexOf(',')] : Row("bad") + tail;
        var rows = Read($"{Header}\n{Row("before")}\n{bad}\n{Row("after")}\n");

        Assert.Equal(3, rows.Count);
        Assert.True(rows[0].Ok);
        Assert.True(rows[2].Ok);
        Assert.Equal("row", rows[1].ErrorField);
        Assert.Equal("bad", rows[1].Id);
        Assert.Equal($"orders.csv:3: row: has {fields} fields, the header has 12", rows[1].Message);
    }

    [Theory]
    [InlineData("Exa\"mple GmbH", "StrayQuote")]
    [InlineData("\"Example\" GmbH", "TextAfterClosingQuote")]
    public void MalformedQuotingIsAnErrorRowAndTheNextRowsStillComeThrough(string endUser, string reason)
    {
        var rows = Read($"{Header}\n{Row("before")}\n{Row("bad", ("end_user", endUser))}\n{Row("after")}\n");

        Assert.Equal(3, rows.Count);
        Assert.True(rows[0].Ok);
        Assert.False(rows[1].Ok);
        Assert.Equal("bad", rows[1].Id);
        Assert.Equal("row", rows[1].ErrorField);
        Assert.Equal($"orders.csv:3: row: malformed CSV ({reason})", rows[1].Message);
        Assert.True(rows[2].Ok);
        Assert.Equal("after", rows[2].Line!.Id);
    }

    [Fact]
    public void AnUnclosedQuoteIsAnErrorRowAndDoesNotSwallowTheRowsAfterIt()
    {
        var rows = Read($"{Header}\n{Row("before")}\n{Row("bad", ("end_user", "\"Example GmbH"))}\n{Row("after")}\n{Row("last")}\n");

        Assert.Equal(["before", "bad", "after", "last"], rows.Select(r => r.Id));
        Assert.Equal([true, false, true, true], rows.Select(r => r.Ok));
        Assert.Equal("row", rows[1].ErrorField);
        Assert.StartsWith("orders.csv:3: row: malformed CSV", rows[1].Message);
        Assert.Equal([2, 3, 4, 5], rows.Select(r => r.LineNumber));
    }

    [Fact]
    public void ALineBreakInsideQuotesIsReportedNotMergedWithTheNextLine()
    {
        // The price of the above: a quoted field cannot span lines (an order book has no use for it), and
        // one that does is reported, never silently joined with the rows after it.
        var rows = Read($"{Header},note\n{Row("l1")},\"two\nlines\"\n{Row("l3")},one line\n");

        Assert.False(rows[0].Ok);
        Assert.Equal("l1", rows[0].Id);
        Assert.StartsWith("orders.csv:2: row: malformed CSV", rows[0].Message);
        Assert.True(rows[^1].Ok);
        Assert.Equal("l3", rows[^1].Line!.Id);
        Assert.Equal(4, rows[^1].LineNumber);
    }

    [Fact]
    public void QuotedFieldsMayHoldCommasAndQuotes()
    {
        var rows = Read($"""
            {Header},note
            l1,2024-06-01,nvidia-h20,3,CN,"Example Cloud (Shenzhen) Co., Ltd.",CN,CN,"NVIDIA Corporation, Inc.",12000,"The ""Best"" Logistics, Ltd.",,"a note, with a comma"
            l2,2024-06-01,nvidia-h20,-3,CN,x,CN,CN,NVIDIA,,,,short
            """);

        var l = rows[0].Line!;
        Assert.Equal("Example Cloud (Shenzhen) Co., Ltd.", l.EndUser);
        Assert.Equal("NVIDIA Corporation, Inc.", l.Exporter);
        Assert.Equal("The \"Best\" Logistics, Ltd.", l.Consignee);
        Assert.Equal(12000m, l.UnitValueUsd);
        Assert.Equal(["a note, with a comma"], rows[0].Extra);
        Assert.Equal(3, rows[1].LineNumber);
        Assert.StartsWith("orders.csv:3: quantity: ", rows[1].Message);
    }

    [Fact]
    public void SemicolonsInAFieldDoNotChangeTheSeparator()
    {
        var rows = Read("""
            id,date,item,quantity,destination,note
            l1,2024-06-01,nvidia-h20,3,CN,a;b;c;d;e;f
            l2,2024-06-01,nvidia-h20,4,CN,g;h;i;j;k;l
            """);

        Assert.Equal(2, rows.Count);
        Assert.All(rows, r => Assert.True(r.Ok, r.Message));
        Assert.Equal(["a;b;c;d;e;f"], rows[0].Extra);
        Assert.Equal(4, rows[1].Line!.Quantity);
    }

    [Theory]
    [InlineData("Viet Nam", "VN")]
    [InlineData("VNM", "VN")]
    [InlineData("vn", "VN")]
    [InlineData("China", "CN")]
    [InlineData("CHN", "CN")]
    [InlineData("Hong Kong", "HK")] // the rules, not the reader, treat Hong Kong as China
    [InlineData("HKG", "HK")]
    [InlineData("Saudi Arabia", "SA")]
    public void CountriesMayBeGivenByNameOrAlpha3(string text, string code)
    {
        var row = Read($"{Header}\n{Row("l1", ("destination", text), ("end_user_country", text), ("end_user_hq", text), ("ship_from", text))}\n").Single();
        Assert.True(row.Ok, row.Message);
        Assert.Equal(C(code), row.Line!.Destination);
        Assert.Equal(C(code), row.Line.EndUserCountry);
        Assert.Equal(C(code), row.Line.EndUserHeadquarters);
        Assert.Equal(C(code), row.Line.ShipFrom);
    }

    [Fact]
    public void AsOfOverridesEveryDateEvenAnUnreadableOne()
    {
        var asOf = D("2024-06-01");
        var rows = Read($"{Header}\n{Row("a", ("date", "2022-01-01"))}\n{Row("b", ("date", "2026-12-31"))}\n{Row("c", ("date", "01/06/2024"))}\n", asOf);

        Assert.Equal(3, rows.Count);
        Assert.All(rows, r => Assert.True(r.Ok, r.Message));
        Assert.All(rows, r => Assert.Equal(asOf, r.Line!.Date));
    }

    [Fact]
    public void WithAsOfTheDateColumnMayBeAbsent()
    {
        var row = Read("id,item,quantity,destination\nl1,nvidia-h20,3,CN\n", D("2025-04-20")).Single();
        Assert.True(row.Ok);
        Assert.Equal(D("2025-04-20"), row.Line!.Date);
    }

    [Theory]
    [InlineData("id")]
    [InlineData("item")]
    [InlineData("quantity")]
    [InlineData("destination")]
    [InlineData("date")]
    public void AMissingRequiredColumnFailsTheFileNamingTheColumn(string column)
    {
        var header = string.Join(",", "id,date,item,quantity,destination".Split(',').Where(c => c != column));
        var e = Fails($"{header}\nsome,values,for,the,row\n");

        Assert.Equal("orders.csv", e.File);
        Assert.Equal(column, e.FieldPath);
        Assert.Equal(1, e.Line);
        Assert.StartsWith($"orders.csv:1: {column}: required column missing from the header", e.Message);
    }

    [Fact]
    public void AColumnTwiceFailsTheFile()
    {
        var e = Fails("id,date,item,quantity,destination,Quantity\nl1,2024-06-01,nvidia-h20,3,CN,4\n");
        Assert.Equal("quantity", e.FieldPath);
        Assert.Contains("appears twice", e.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("\n\n")]
    public void AnEmptyFileFailsTheFile(string text)
    {
        var e = Fails(text);
        Assert.Equal("orders.csv", e.File);
        Assert.StartsWith("orders.csv:1: the file is empty", e.Message);
    }

    [Fact]
    public void AHeaderWithoutRowsIsAnEmptyBookNotAnError() =>
        Assert.Empty(Read("id,date,item,quantity,destination\n"));

    [Fact]
    public void ItemFilesAreFoundRelativeToTheCsvNotTheWorkingDirectory()
    {
        var dir = Path.Combine(Path.GetTempPath(), $"cg-orders-{Guid.NewGuid():N}");
        Directory.CreateDirectory(Path.Combine(dir, "items"));
        try
        {
            File.WriteAllText(Path.Combine(dir, "items", "chip.yaml"), """
                name: My accelerator
                type: integrated-circuit
                datacenter: true
                performance:
                  - { precision: fp8, tops: 296 }
                dies:
                  - { area_mm2: 814, non_planar: true }
                """);
            File.WriteAllText(Path.Combine(dir, "items", "broken.yaml"), "name: Broken\ntype: integrated-circuit\nperformance: [{precision: fp7, tops: 1}]\n");
            var csv = Path.Combine(dir, "orders.csv");
            var text = """
                id,date,item,quantity,destination
                l1,2024-06-01,items/chip.yaml,3,CN
                l2,2024-06-01,items/chip.yaml,5,CN
                l3,2024-06-01,items/broken.yaml,5,CN
                l4,2024-06-01,chip.yaml,5,CN
                """;
            File.WriteAllText(csv, text);
            Assert.NotEqual(dir, Path.GetFullPath(Directory.GetCurrentDirectory()));

            var rows = Reader().Read(csv, new StringReader(text), null).ToList();

            var chip = Assert.IsType<IntegratedCircuit>(rows[0].Line!.Item);
            Assert.Equal("My accelerator", chip.Name);
            Assert.Equal(296m, chip.Performance[0].Tops);
            Assert.Same(chip, rows[1].Line!.Item); // read once
            Assert.Equal("item", rows[2].ErrorField);
            Assert.Contains("items/broken.yaml", rows[2].Message);
            Assert.Contains("performance[0].precision", rows[2].Message);
            Assert.Equal("item", rows[3].ErrorField);
            Assert.StartsWith($"{csv}:5: item: 'chip.yaml': no such item file", rows[3].Message);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void RowsAreReadLazilyOneAtATime()
    {
        // A book is streamed: the rows before a problem far down the file come out before it is reached.
        var text = new System.Text.StringBuilder("id,date,item,quantity,destination\n");
        for (var i = 0; i < 5000; i++)
        {
            text.Append($"l{i},2024-06-01,nvidia-h20,{i + 1},CN\n");
        }

        using var reader = new StringReader(text.ToString());
        var first = Reader().Read("orders.csv", reader, null).First();
        Assert.Equal("l0", first.Line!.Id);
        Assert.NotEqual(-1, reader.Peek()); // the rest has not been read
    }
}
