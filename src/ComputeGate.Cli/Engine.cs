using ComputeGate.Domain.Classification;
using ComputeGate.Domain.Law;
using ComputeGate.Law;

namespace ComputeGate.Cli;

/// <summary>The bundled law, catalog and classifier, loaded once per process.</summary>
public sealed record Engine(RuleBook Book, Catalog Catalog, Classifier Classifier)
{
    public static Engine Embedded()
    {
        var book = RuleBookLoader.Embedded();
        return new Engine(book, Catalog.Embedded(), new Classifier(book));
    }
}
