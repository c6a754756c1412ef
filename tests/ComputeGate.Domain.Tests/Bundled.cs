using ComputeGate.Domain.Classification;
using ComputeGate.Domain.Law;
using ComputeGate.Formats;

namespace ComputeGate.Domain.Tests;

/// <summary>The bundled law and catalog, loaded once for all tests (both are immutable).</summary>
public static class Bundled
{
    public static readonly RuleBook Book = RuleBookLoader.Embedded();
    public static readonly Catalog Catalog = Catalog.Embedded();
    public static readonly Classifier Classifier = new(Book);

    /// <summary>One date inside each regime the acceptance list names.</summary>
    public static readonly DateOnly Before2022 = new(2022, 6, 1);
    public static readonly DateOnly Window2022 = new(2023, 6, 1);
    public static readonly DateOnly After2023 = new(2024, 1, 15);
    public static readonly DateOnly After2024Dec = new(2025, 1, 5);
    public static readonly DateOnly Diffusion = new(2025, 3, 1);

    public static DateOnly D(string iso) => DateOnly.Parse(iso, System.Globalization.CultureInfo.InvariantCulture);
}
