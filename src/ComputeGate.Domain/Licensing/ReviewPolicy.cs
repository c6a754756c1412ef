namespace ComputeGate.Domain.Licensing;

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
}
