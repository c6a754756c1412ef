using ComputeGate.Domain.Geography;
using ComputeGate.Domain.Items;
using ComputeGate.Domain.Law;

namespace ComputeGate.Domain.Licensing;

/// <summary>
/// One line of an order book, read and validated: an item, a quantity, where it goes, to whom, by whom,
/// on which date. Unknown facts are null; the decision says when one of them matters.
/// </summary>
public sealed record OrderLine
{
    public required string Id { get; init; }
    public required DateOnly Date { get; init; }
    public required Item Item { get; init; }
    public required int Quantity { get; init; }

    /// <summary>Country of ultimate destination, as given (Hong Kong is resolved to China by the rules).</summary>
    public required CountryCode Destination { get; init; }
    public string? EndUser { get; init; }

    /// <summary>Where the end user is located; the destination when not given.</summary>
    public CountryCode? EndUserCountry { get; init; }

    /// <summary>Where the end user, or its ultimate parent, is headquartered; null = not known.</summary>
    public CountryCode? EndUserHeadquarters { get; init; }
    public string? Exporter { get; init; }
    public string? Consignee { get; init; }
    public decimal? UnitValueUsd { get; init; }

    /// <summary>Country the item is exported from (the Jan 2026 policy covers exports from the US); null = not given.</summary>
    public CountryCode? ShipFrom { get; init; }

    public decimal? ValueUsd => UnitValueUsd * Quantity;
}

/// <summary>Whether AI Diffusion is applied as BIS enforces the law (not at all) or as written.</summary>
public enum DecisionMode
{
    AsEnforced,
    AsWritten,
}

public enum Verdict
{
    /// <summary>No licence required.</summary>
    Nlr,
    LicenseException,
    LicenseRequired,

    /// <summary>A licence the user holds covers the line (and was drawn down).</summary>
    Licensed,

    /// <summary>Cannot be decided: a missing fact, an ambiguous rule, a guidance flag; the reasons say which.</summary>
    Review,

    /// <summary>The line could not be read.</summary>
    Error,
}

public static class Verdicts
{
    public static string Name(this Verdict v) => v switch
    {
        Verdict.Nlr => "NLR",
        Verdict.LicenseException => "LICENSE_EXCEPTION",
        Verdict.LicenseRequired => "LICENSE_REQUIRED",
        Verdict.Licensed => "LICENSED",
        Verdict.Review => "REVIEW",
        _ => "ERROR",
    };
}

/// <summary>One step of the reasoning: the stage of the pipeline it belongs to, what was found, the rule text it applies.</summary>
public sealed record DecisionStep(string Stage, string Text, string? Citation = null);

/// <summary>What the decision rests on: the rule set, the list snapshot, the date used, the mode, the engine.</summary>
public sealed record DecisionProvenance(string RuleSet, string ListSnapshot, DateOnly Date, DecisionMode Mode, string Engine);

/// <summary>The decision on one order line, with its reasons, citations and provenance.</summary>
public sealed record Decision
{
    public required string LineId { get; init; }
    public required Verdict Verdict { get; init; }
    public string? Eccn { get; init; }
    public string? Paragraph { get; init; }

    /// <summary>NAC, ACA, HBM, AIA or LPP when the verdict is LICENSE_EXCEPTION.</summary>
    public string? LicenseException { get; init; }
    public bool NotificationRequired { get; init; }
    public ReviewPolicy? ReviewPolicy { get; init; }

    /// <summary>What qualifies the review policy (or why none is stated).</summary>
    public string? ReviewPolicyNote { get; init; }

    /// <summary>The number of the held licence that covers the line.</summary>
    public string? License { get; init; }
    public IReadOnlyList<DecisionStep> Steps { get; init; } = [];
    public IReadOnlyList<string> Citations { get; init; } = [];
    public IReadOnlyList<string> Unverified { get; init; } = [];
    public DecisionProvenance? Provenance { get; init; }

    /// <summary>For ERROR lines: the field that could not be read.</summary>
    public string? ErrorField { get; init; }
    public decimal? ValueUsd { get; init; }
    public int Quantity { get; init; }

    public IEnumerable<string> Reasons => Steps.Select(s => s.Text);

    /// <summary>
    /// The parties screened against the loaded lists and the matches found (empty when no list is screened): what the
    /// decision rests on, so that whoever raises review cases does not screen the line again.
    /// </summary>
    public IReadOnlyList<OrderLineDecider.ScreenedParty> Screened { get; init; } = [];
}
