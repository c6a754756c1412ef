namespace ComputeGate.Domain.Law;

/// <summary>How BIS reviews a licence application (15 CFR 742.6(b), Entity List entries). Declared from least to most restrictive.</summary>
public enum ReviewPolicy
{
    PresumptionOfApproval,
    CaseByCase,
    PresumptionOfDenial,
    PolicyOfDenial,
}

public static class ReviewPolicies
{
    /// <summary>"presumption-of-denial" ⇄ <see cref="ReviewPolicy.PresumptionOfDenial"/>.</summary>
    public static string Name(this ReviewPolicy policy) => policy switch
    {
        ReviewPolicy.PresumptionOfApproval => "presumption-of-approval",
        ReviewPolicy.CaseByCase => "case-by-case",
        ReviewPolicy.PresumptionOfDenial => "presumption-of-denial",
        _ => "policy-of-denial",
    };

    public static bool TryParse(string? text, out ReviewPolicy policy)
    {
        foreach (var p in Enum.GetValues<ReviewPolicy>())
        {
            if (p.Name() == text)
            {
                policy = p;
                return true;
            }
        }

        policy = default;
        return false;
    }

    public static string Words(this ReviewPolicy policy) => policy.Name().Replace('-', ' ');

    /// <summary>
    /// The policy a list entry's free-text licence review policy states ("Presumption of denial.", "Case-by-case
    /// review for ...", ...), the most restrictive wording first; null when there is no text or no wording is known.
    /// </summary>
    public static ReviewPolicy? FromListText(string? text) => text?.ToLowerInvariant() switch
    {
        null => null,
        var p when p.Contains("policy of denial", StringComparison.Ordinal) => ReviewPolicy.PolicyOfDenial,
        var p when p.Contains("presumption of denial", StringComparison.Ordinal) => ReviewPolicy.PresumptionOfDenial,
        var p when p.Contains("case-by-case", StringComparison.Ordinal) || p.Contains("case by case", StringComparison.Ordinal) => ReviewPolicy.CaseByCase,
        var p when p.Contains("presumption of approval", StringComparison.Ordinal) => ReviewPolicy.PresumptionOfApproval,
        _ => null,
    };
}
