using ComputeGate.Domain.Classification;
using ComputeGate.Domain.Law;
using ComputeGate.Domain.Licensing;
using ComputeGate.Domain.Parties;
using ComputeGate.Formats;

namespace ComputeGate.Application;

/// <summary>The bundled law, catalog, party list and destination names, loaded once per process.</summary>
public sealed record ReferenceData(RuleBook Book, Catalog Catalog, Classifier Classifier, PartyList Parties, CountryDirectory Countries)
{
    /// <summary>The engine version recorded in every decision's provenance.</summary>
    public static readonly string Version =
        "computegate " + (typeof(ReferenceData).Assembly.GetName().Version?.ToString(3) ?? "0.0.0");

    public static ReferenceData Embedded()
    {
        var book = RuleBookLoader.Embedded();
        return new ReferenceData(book, Catalog.Embedded(), new Classifier(book), EntityListLoader.Embedded(), CountryDirectory.Default());
    }

    /// <summary>Fuzzy screening against the lists loaded in the store, when `check --lists` asks for it.</summary>
    public PartyScreen? Screen { get; init; }

    public OrderLineDecider Decider() => new(Book, Parties, Version, Screen);

    /// <summary>An item given in the item-file format (YAML or JSON); components may name catalog ids.</summary>
    public Domain.Items.Item ReadItem(string file, string text) => new ItemReader(Catalog.Find).Read(file, text);

    /// <summary>A catalog id, else the path of an item file; bad input otherwise.</summary>
    public Domain.Items.Item ResolveItem(string reference)
    {
        if (Catalog.Find(reference) is { } item)
        {
            return item;
        }

        if (File.Exists(reference))
        {
            return ReadItem(reference, File.ReadAllText(reference));
        }

        var looksLikeFile = reference.Contains('/') || reference.Contains('.');
        throw new Domain.InputException(reference, null, null, looksLikeFile ? "no such file" : "unknown catalog id (see `computegate catalog`)");
    }
}
