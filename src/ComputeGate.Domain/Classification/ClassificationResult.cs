using ComputeGate.Domain.Items;

namespace ComputeGate.Domain.Classification;

public enum ClassificationStatus
{
    /// <summary>The item falls in a paragraph of 3A090, 4A090 or 4E091.</summary>
    Controlled,

    /// <summary>The item falls in none of them (it may still be EAR99 or controlled elsewhere).</summary>
    NotControlled,

    /// <summary>An unknown fact decides it; <see cref="ClassificationResult.Undetermined"/> says which.</summary>
    Undetermined,
}

/// <summary>
/// The classification of one item on one date under one rule set, with the chain of reasons, the
/// citations, the unverified facts it rests on, and its provenance.
/// </summary>
public sealed record ClassificationResult
{
    public required string Item { get; init; }
    public required ItemType ItemType { get; init; }
    public required DateOnly Date { get; init; }
    public required string RuleSet { get; init; }
    public required ClassificationStatus Status { get; init; }

    /// <summary>"3A090.a", "3A090.b", "3A090.c", "4A090.a", "4A090.b", "4E091", or null.</summary>
    public string? Eccn { get; init; }

    /// <summary>The sub-paragraph met, such as "3A090.a.2"; null when none.</summary>
    public string? Paragraph { get; init; }

    /// <summary>When undetermined: the paragraphs the item could fall in (null = none).</summary>
    public IReadOnlyList<string?> PossibleParagraphs { get; init; } = [];

    public decimal? Tpp { get; init; }
    public string? TppPrecision { get; init; }
    public decimal? PerformanceDensity { get; init; }
    public decimal? ApplicableDieAreaMm2 { get; init; }
    public decimal? MemoryBandwidthDensity { get; init; }

    /// <summary>Enforcement of the instrument the result rests on, when it is not simply enforced.</summary>
    public string? Enforcement { get; init; }

    public IReadOnlyList<string> Reasons { get; init; } = [];
    public IReadOnlyList<string> Citations { get; init; } = [];
    public IReadOnlyList<string> Unverified { get; init; } = [];

    /// <summary>What is unknown and which fact would decide it.</summary>
    public IReadOnlyList<string> Undetermined { get; init; } = [];

    /// <summary>What would change the result: the nearest thresholds in terms of the item's own facts.</summary>
    public IReadOnlyList<string> Sensitivity { get; init; } = [];

    public IReadOnlyList<string> Notes { get; init; } = [];
}

/// <summary>Collects reasons, citations and unverified flags, in order, without duplicates.</summary>
internal sealed class Explanation
{
    private readonly List<string> _reasons = [];
    private readonly List<string> _citations = [];
    private readonly List<string> _unverified = [];
    private readonly List<string> _undetermined = [];
    private readonly List<string> _sensitivity = [];
    private readonly List<string> _notes = [];

    public IReadOnlyList<string> Reasons => _reasons;
    public IReadOnlyList<string> Citations => _citations;
    public IReadOnlyList<string> Unverified => _unverified;
    public IReadOnlyList<string> UndeterminedFacts => _undetermined;
    public IReadOnlyList<string> Sensitivity => _sensitivity;
    public IReadOnlyList<string> Notes => _notes;

    public void Reason(string text) => _reasons.Add(text);

    public void Step(ReasonStep step, string prefix = "")
    {
        _reasons.Add(prefix + step.Text);
        Cite(step.Citation);
        FlagRule(step.Unverified);
    }

    /// <summary>Flags an UNVERIFIED note carried by a rule entry.</summary>
    public void FlagRule(string? unverified) => Flag(unverified is null ? null : $"rule: {unverified}");

    public void Cite(string? citation)
    {
        if (citation is not null && !_citations.Contains(citation))
        {
            _citations.Add(citation);
        }
    }

    public void Flag(string? unverified)
    {
        if (unverified is not null && !_unverified.Contains(unverified))
        {
            _unverified.Add(unverified);
        }
    }

    public void Flag(IEnumerable<string> unverified)
    {
        foreach (var u in unverified)
        {
            Flag(u);
        }
    }

    public void Undetermined(string text) => _undetermined.Add(text);

    public void Sensitive(string text)
    {
        if (!_sensitivity.Contains(text))
        {
            _sensitivity.Add(text);
        }
    }

    public void Note(string text)
    {
        if (!_notes.Contains(text))
        {
            _notes.Add(text);
        }
    }
}
