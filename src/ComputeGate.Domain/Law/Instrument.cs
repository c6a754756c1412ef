namespace ComputeGate.Domain.Law;

/// <summary>Whether an instrument is applied in practice on a date.</summary>
public enum EnforcementStatus
{
    Enforced,
    NotEnforced,
    Suspended,
}

/// <summary>A change in enforcement from a date on (e.g. AI Diffusion: not enforced from 2025-05-13).</summary>
public sealed record EnforcementChange(DateOnly From, EnforcementStatus Status, string Cite);

/// <summary>
/// A legal instrument: an FR rule, a letter to one exporter, a guidance document. Dates follow the
/// instrument's DATES paragraph: <see cref="Effective"/> is legal applicability (often earlier than
/// publication), <see cref="Compliance"/> the date compliance is required from, if later.
/// </summary>
public sealed record Instrument(
    string Id,
    string Title,
    string Kind,
    string Citation,
    DateOnly Effective,
    DateOnly? Published,
    DateOnly? Compliance,
    IReadOnlyList<EnforcementChange> Enforcement,
    string? Url,
    IReadOnlyList<string> Notes,
    string? Unverified)
{
    /// <summary>Enforcement on a date: the last change on or before it, else enforced.</summary>
    public EnforcementStatus EnforcementOn(DateOnly date) =>
        Enforcement.Where(e => e.From <= date).OrderBy(e => e.From).LastOrDefault()?.Status ?? EnforcementStatus.Enforced;

    public EnforcementChange? EnforcementChangeOn(DateOnly date) =>
        Enforcement.Where(e => e.From <= date).OrderBy(e => e.From).LastOrDefault();

    /// <summary>"87 FR 62186 (FR Doc 2022-21658), effective 2022-10-07".</summary>
    public string Describe() => $"{Citation}, effective {Effective:yyyy-MM-dd}";
}
