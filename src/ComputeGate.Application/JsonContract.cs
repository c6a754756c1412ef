using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using ComputeGate.Domain.Classification;
using ComputeGate.Domain.Items;

namespace ComputeGate.Application;

/// <summary>
/// The JSON contract of the CLI (other tools script against it): camelCase, dates ISO, numbers as
/// numbers at full precision, null where a value is unknown or does not apply.
/// </summary>
public static class JsonContract
{
    private static readonly JsonSerializerOptions Options = Configure(new JsonSerializerOptions { WriteIndented = true });

    /// <summary>Sets the contract's conventions on <paramref name="o"/> (the CLI's options, and the server's).</summary>
    public static JsonSerializerOptions Configure(JsonSerializerOptions o)
    {
        o.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        o.Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping;
        o.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower));
        return o;
    }

    public static void Write(TextWriter output, object value) => output.WriteLine(Serialize(value));

    public static string Serialize(object value) => JsonSerializer.Serialize(value, value.GetType(), Options);

    public static object Classification(ClassificationResult r) => new
    {
        item = r.Item,
        itemType = r.ItemType,
        date = r.Date.ToString("yyyy-MM-dd"),
        status = r.Status,
        eccn = r.Eccn,
        paragraph = r.Paragraph,
        possibleParagraphs = r.PossibleParagraphs,
        tpp = r.Tpp,
        tppPrecision = r.TppPrecision,
        performanceDensity = r.PerformanceDensity,
        applicableDieAreaMm2 = r.ApplicableDieAreaMm2,
        memoryBandwidthDensity = r.MemoryBandwidthDensity,
        ruleSet = r.RuleSet,
        enforcement = r.Enforcement,
        reasons = r.Reasons,
        citations = r.Citations,
        unverified = r.Unverified,
        undetermined = r.Undetermined,
        sensitivity = r.Sensitivity,
        notes = r.Notes,
    };

    public static object Headroom(HeadroomResult h) => new
    {
        item = h.Classification.Item,
        date = h.Classification.Date.ToString("yyyy-MM-dd"),
        ruleSet = h.Classification.RuleSet,
        eccn = h.Classification.Eccn,
        paragraph = h.Classification.Paragraph,
        tpp = h.Classification.Tpp,
        performanceDensity = h.Classification.PerformanceDensity,
        thresholds = h.Thresholds.Select(t => new
        {
            paragraph = t.Paragraph,
            fact = t.Fact,
            comparison = t.Comparison,
            threshold = t.Threshold,
            value = t.Value,
            margin = t.Margin,
            met = t.Met,
            citation = t.Citation,
            unverified = t.Unverified,
        }),
        limits = h.Limits.Select(l => new
        {
            outside = l.Outside,
            currentlyOutside = l.CurrentlyOutside,
            maxTppExclusive = l.MaxTppExclusive,
            maxDenseTopsExclusive = l.MaxDenseTopsExclusive,
            minDieAreaMm2Exclusive = l.MinDieAreaExclusive,
            explanation = l.Explanation,
        }),
        notes = h.Notes,
        unverified = h.Classification.Unverified,
    };

    public static object Timeline(Item item, IReadOnlyList<TimelinePeriod> periods, string ruleSet) => new
    {
        item = item.Label,
        ruleSet,
        periods = periods.Select(p => new
        {
            from = p.From?.ToString("yyyy-MM-dd"),
            until = p.Until?.ToString("yyyy-MM-dd"),
            status = p.Classification.Status,
            eccn = p.Classification.Eccn,
            paragraph = p.Classification.Paragraph,
            possibleParagraphs = p.Classification.PossibleParagraphs,
            enforcement = p.Classification.Enforcement,
            causes = p.Causes,
            reasons = p.Classification.Reasons,
            citations = p.Classification.Citations,
        }),
    };

    public static object Catalog(IReadOnlyList<Item> items) => items.Select(i => new
    {
        id = i.Id,
        name = i.Name,
        vendor = i.Vendor,
        type = i.Type,
        unverified = i.Provenance.Unverified.Select(kv => $"{kv.Key}: {kv.Value}"),
    });
}
