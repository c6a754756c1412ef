using System.Globalization;
using System.Text.RegularExpressions;
using ComputeGate.Domain;

namespace ComputeGate.Formats.Lists;

/// <summary>One Federal Register document: volume, first and last page, when it took effect and when it was published.</summary>
public sealed record FederalRegisterDocument(int Volume, int FirstPage, int LastPage, string Document, DateOnly Effective, DateOnly Published);

/// <summary>
/// The effective dates of Entity List rules by FR page (<c>rules/federal-register-documents.yaml</c>): for a list file
/// that cites only "VOL FR PAGE, m/d/yy", the listing date is the effective date of the document holding that page.
/// </summary>
public sealed partial class FederalRegisterDocuments(IReadOnlyList<FederalRegisterDocument> documents)
{
    public const string File = "rules/federal-register-documents.yaml";

    public static readonly FederalRegisterDocuments None = new([]);

    public IReadOnlyList<FederalRegisterDocument> Documents => documents;

    public static FederalRegisterDocuments Embedded()
    {
        var assembly = typeof(FederalRegisterDocuments).Assembly;
        return Load(File, Catalog.ReadResource(assembly, File));
    }

    public static FederalRegisterDocuments Load(string file, string text)
    {
        var root = YamlNodeReader.Parse(file, text);
        var list = new List<FederalRegisterDocument>();
        foreach (var d in root.Mappings("documents"))
        {
            var citation = d.RequiredString("citation");
            var m = Range().Match(citation);
            if (!m.Success)
            {
                throw d.Error("citation", $"'{citation}' is not 'VOL FR FIRST-LAST'");
            }

            int N(string g) => int.Parse(m.Groups[g].ValueSpan, CultureInfo.InvariantCulture);
            var (first, last) = (N("first"), N("last"));
            if (last < first)
            {
                throw d.Error("citation", $"'{citation}': the last page is before the first");
            }

            var effective = d.RequiredDate("effective");
            var published = d.RequiredDate("published");
            if (effective > published.AddDays(31))
            {
                throw d.Error("effective", $"{effective:yyyy-MM-dd} is more than a month after publication ({published:yyyy-MM-dd}); check the source");
            }

            list.Add(new FederalRegisterDocument(N("volume"), first, last, d.RequiredString("document"), effective, published));
        }

        return new FederalRegisterDocuments(list);
    }

    /// <summary>The document holding a page the citation names ("90 FR 14048, 3/28/25"), or null when none does.</summary>
    public FederalRegisterDocument? Find(string? citation)
    {
        if (citation is null || documents.Count == 0)
        {
            return null;
        }

        FederalRegisterDocument? found = null;
        foreach (Match m in Page().Matches(citation))
        {
            var volume = int.Parse(m.Groups["volume"].ValueSpan, CultureInfo.InvariantCulture);
            var page = int.Parse(m.Groups["page"].ValueSpan, CultureInfo.InvariantCulture);
            foreach (var d in documents)
            {
                if (d.Volume == volume && page >= d.FirstPage && page <= d.LastPage && (found is null || d.Effective < found.Effective))
                {
                    found = d;
                }
            }
        }

        return found;
    }

    [GeneratedRegex(@"^(?<volume>\d+) FR (?<first>\d+)-(?<last>\d+)$")]
    private static partial Regex Range();

    [GeneratedRegex(@"(?<volume>\d+)\s*FR\s*(?<page>\d+)")]
    private static partial Regex Page();
}
