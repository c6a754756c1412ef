using ComputeGate.Domain.Classification;
using ComputeGate.Domain.Law;
using ComputeGate.Domain.Licensing;

namespace ComputeGate.Domain.WhatIf;

/// <summary>
/// What a comparison of two decisions looks at: the classification (ECCN, paragraph), the licence
/// requirement (the verdict), the exception (and its notification) and the review policy. The reasons,
/// citations and provenance are not compared: two decisions that agree on these are the same.
/// </summary>
public readonly record struct LineOutcome(Verdict Verdict, string? Eccn, string? Paragraph, string? Exception, bool Notification, ReviewPolicy? Policy)
{
    public static LineOutcome Of(Decision d) => new(d.Verdict, d.Eccn, d.Paragraph, d.LicenseException, d.NotificationRequired, d.ReviewPolicy);

    /// <summary>The verdict as a person reads it: "LICENSE_REQUIRED (presumption of denial)", "LICENSE_EXCEPTION NAC (notification)".</summary>
    public string Describe() => Verdict switch
    {
        Verdict.LicenseException => $"LICENSE_EXCEPTION {Exception}{(Notification ? " (notification)" : "")}",
        Verdict.LicenseRequired => $"LICENSE_REQUIRED{(Policy is { } p ? $" ({p.Words()})" : "")}",
        _ => Verdict.Name(),
    };

    /// <summary>
    /// Two outcomes as a person compares them: the verdicts, with the classification added to both when the
    /// verdicts read the same ("NLR [not controlled]" → "NLR [3A090.a.1]").
    /// </summary>
    public static (string From, string To) Compare(LineOutcome from, LineOutcome to) =>
        from.Describe() == to.Describe()
            ? ($"{from.Describe()} [{from.Classification}]", $"{to.Describe()} [{to.Classification}]")
            : (from.Describe(), to.Describe());

    /// <summary>The classification part: "3A090.a.1", or "no paragraph" (outside 3A090/4A090/4E091, or undetermined).</summary>
    public string Classification => Paragraph ?? Eccn ?? "no paragraph";

    /// <summary>Whether the line can ship as decided: NLR, a licence exception, or a licence held.</summary>
    public bool Ships => Verdict is Verdict.Nlr or Verdict.LicenseException or Verdict.Licensed;

    /// <summary>Whether the line cannot ship without a licence it does not hold or a person's decision (LICENSE_REQUIRED, REVIEW).</summary>
    public bool Blocked => Verdict is Verdict.LicenseRequired or Verdict.Review;
}

/// <summary>What a comparison of two classifications looks at: status, paragraph, possible paragraphs, enforcement.</summary>
public readonly record struct ItemOutcome(ClassificationStatus Status, string? Eccn, string? Paragraph, string Possible, string? Enforcement)
{
    public static ItemOutcome Of(ClassificationResult r) =>
        new(r.Status, r.Eccn, r.Paragraph, string.Join(" or ", r.PossibleParagraphs.Select(p => p ?? "not controlled")), r.Enforcement);

    /// <summary>"3A090.a.1", "not controlled", "undetermined (3A090.b.1 or 3A090.a.2)", with enforcement when stated.</summary>
    public string Describe()
    {
        var what = Status switch
        {
            ClassificationStatus.Controlled => Paragraph ?? Eccn ?? "controlled",
            ClassificationStatus.NotControlled => "not controlled",
            _ => $"undetermined ({Possible})",
        };
        return Enforcement is null ? what : $"{what}; {Enforcement}";
    }
}
