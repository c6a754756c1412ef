using ComputeGate.Domain.Classification;
using ComputeGate.Domain.Law;
using ComputeGate.Domain.Licensing;
using ComputeGate.Domain.Parties;
using ComputeGate.Law;

namespace ComputeGate.Runtime;

/// <summary>The bundled law, catalog, party list and destination names, loaded once per process.</summary>
public sealed record Engine(RuleBook Book, Catalog Catalog, Classifier Classifier, PartyList Parties, CountryDirectory Countries)
{
    /// <summary>The engine version recorded in every decision's provenance.</summary>
    public static readonly string Version =
        "computegate " + (typeof(Engine).Assembly.GetName().Version?.ToString(3) ?? "0.0.0");

    public static Engine Embedded()
    {
        var book = RuleBookLoader.Embedded();
        return new Engine(book, Catalog.Embedded(), new Classifier(book), EntityListLoader.Embedded(), CountryDirectory.Default());
    }

    /// <summary>Fuzzy screening against the lists loaded in the store, when `check --lists` asks for it.</summary>
    public PartyScreen? Screen { get; init; }

    public OrderLineDecider Decider() => new(Book, Parties, Version, Screen);
}
