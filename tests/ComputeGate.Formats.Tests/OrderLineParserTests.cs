namespace ComputeGate.Formats.Tests;

/// <summary>The one order-line parser, as the API and the CLI use it (the CSV reader trims its fields first).</summary>
public class OrderLineParserTests
{
    private static readonly OrderLineParser Parser = new(Catalog.Embedded(), CountryDirectory.Default().TryResolve, itemBaseDirectory: null, itemHint: "GET /api/items");

    private static OrderLineText Text(string? hq = null, string? located = null) =>
        new("l1", "2025-06-01", "nvidia-h20", "8", "CN", EndUser: "Example Ltd", EndUserCountry: located, EndUserHq: hq);

    [Theory]
    [InlineData(" ", null, "endUserHq")]
    [InlineData(null, "\t", "endUserCountry")]
    public void ABlankCountryIsAnErrorNotAnUnknown(string? hq, string? located, string field)
    {
        var (line, problem) = Parser.Parse(Text(hq, located), OrderLineFieldNames.Api);
        Assert.Null(line);
        Assert.Equal(field, problem!.Field);
        Assert.Contains("is not a country code or name", problem.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void AnAbsentHeadquartersIsUnknownAndTheLineIsBuilt()
    {
        var (line, problem) = Parser.Parse(Text(), OrderLineFieldNames.Api);
        Assert.Null(problem);
        Assert.Null(line!.EndUserHeadquarters); // the decider makes an unknown headquarters REVIEW where it matters
    }
}
