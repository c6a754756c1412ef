using ComputeGate.Domain.Classification;
using ComputeGate.Domain.Law;
using static ComputeGate.Domain.Licensing.OrderLineDecider;

namespace ComputeGate.Domain.Licensing;

/// <summary>
/// The AI Diffusion rule as written (Jan 2025; not enforced since May 2025, applied in <see cref="DecisionMode.AsWritten"/>
/// only): a worldwide licence for 3A090.a, 4A090.a and 4E091 model weights, with Tiers 1-3, License Exceptions AIA,
/// NAC/ACA for consumer ICs and LPP.
/// </summary>
internal sealed class AiDiffusionRequirement(RuleBook book)
{
    /// <summary>
    /// Whether AI Diffusion decides the line: as written only, from its compliance date. For the paragraphs it covers
    /// (3A090.a, 4A090.a, 4E091) the trace says why it is or is not applied.
    /// </summary>
    public static bool Applies(Facts f, string? eccn, Trace t)
    {
        var diffusion = f.Rules.Entry("diffusion.geography");
        var applies = diffusion is not null && f.Mode == DecisionMode.AsWritten && f.Date >= (diffusion.Instrument.Compliance ?? diffusion.Effective);
        if (diffusion is not null && eccn is "3A090.a" or "4A090.a" or "4E091")
        {
            var compliance = diffusion.Instrument.Compliance ?? diffusion.Effective;
            t.Step("licence requirement", f.Mode == DecisionMode.AsEnforced
                ? $"AI Diffusion ({diffusion.Instrument.Citation}; worldwide licence for 3A090.a, 4A090.a and 4E091, Tiers, AIA, LPP) is not applied: decisions follow the law as enforced, and BIS has not enforced it since {diffusion.Instrument.Enforcement.FirstOrDefault()?.From:yyyy-MM-dd} (compliance was due from {compliance:yyyy-MM-dd}). The as-written mode applies it."
                : applies
                    ? $"AI Diffusion applied as written ({diffusion.Instrument.Citation}), although BIS has not enforced it since {diffusion.Instrument.Enforcement.FirstOrDefault()?.From:yyyy-MM-dd}."
                    : $"AI Diffusion as written: effective {diffusion.Effective:yyyy-MM-dd}, but compliance is required only from {compliance:yyyy-MM-dd}; the earlier rules apply.",
                diffusion.Instrument.Enforcement.FirstOrDefault()?.Cite);
        }

        return applies;
    }

    /// <summary>AI Diffusion as written, for 3A090.a and 4A090.a: tiers, AIA, NAC/ACA for consumer ICs, LPP.</summary>
    public Outcome Chips(Facts f, string eccn, Trace t)
    {
        var rules = f.Rules;
        var geo = rules.Entry("diffusion.geography")!;
        t.Step("licence requirement", $"AI Diffusion: {eccn} needs a licence to any destination worldwide.", geo.Citation);
        var tier1 = rules.Entry("diffusion.tier1")!;
        var tier3 = rules.Entry("diffusion.tier3")!;
        var consumerEntry = rules.Entry("diffusion.consumer_exceptions");
        var (consumer, _) = AdvancedComputingRequirement.NacEligible(f, eccn);
        var inTier3 = tier3.Value!.Set!.Contains(f.Destination, f.Date, book.CountryGroups);
        var hqTier3 = f.Headquarters is { } h3 && tier3.Value.Set.Contains(h3, f.Date, book.CountryGroups);
        if (inTier3 || hqTier3)
        {
            t.Step("licence requirement", $"Tier 3 ({tier3.Value.Set.Describe()}): {(inTier3 ? $"destination {f.Destination}" : $"end user headquartered in {f.Headquarters}")}.", tier3.Citation);
            if (consumer == true && consumerEntry is not null)
            {
                t.Step("exceptions", "Consumer (non-datacenter) 3A090.a: License Exception NAC with notification.", consumerEntry.Citation);
                t.FlagRule(consumerEntry.Unverified);
                return new Outcome(Verdict.LicenseException, "NAC", true, Summary: "LICENSE_EXCEPTION NAC with notification (AI Diffusion, Tier 3).");
            }

            t.Step("review policy", "Tier 3: presumption of denial.", tier3.Citation);
            return new Outcome(Verdict.LicenseRequired, Policy: ReviewPolicy.PresumptionOfDenial, Summary: "LICENSE_REQUIRED (AI Diffusion, Tier 3).");
        }

        if (f.Headquarters is not { } hq)
        {
            t.Step("licence requirement", "The end user's headquarters decides between AIA (Tier 1), Tier 3 treatment and LPP; it is not given.");
            return Outcome.Review("REVIEW: end user headquarters not given; it decides the AI Diffusion treatment.");
        }

        var t1 = tier1.Value!.Set!;
        if (t1.Contains(f.Destination, f.Date, book.CountryGroups) && t1.Contains(f.Located, f.Date, book.CountryGroups) && t1.Contains(hq, f.Date, book.CountryGroups))
        {
            t.Step("exceptions", $"License Exception AIA: destination, end user location ({f.Located}) and headquarters ({hq}) are in Tier 1.", tier1.Citation);
            return new Outcome(Verdict.LicenseException, "AIA", Summary: "LICENSE_EXCEPTION AIA (AI Diffusion, Tier 1).");
        }

        t.Step("licence requirement", $"Tier 2 treatment: {f.Destination} is not in Tier 3, and AIA needs destination, location and headquarters all in Tier 1.", tier1.Citation);
        if (consumer == true && consumerEntry is not null)
        {
            t.Step("exceptions", "Consumer (non-datacenter) 3A090.a: License Exception ACA, no notification.", consumerEntry.Citation);
            t.FlagRule(consumerEntry.Unverified);
            return new Outcome(Verdict.LicenseException, "ACA", Summary: "LICENSE_EXCEPTION ACA (AI Diffusion, Tier 2).");
        }

        var review = rules.Entry("diffusion.tier2.review")!;
        ReviewPolicies.TryParse(review.Value!.Text, out var tier2Policy);
        t.FlagRule(review.Unverified);
        var lpp = rules.Entry("lpp.tpp_per_consignee_year");
        if (lpp is not null && f.Classification.Tpp is { } tpp)
        {
            t.Step("exceptions", $"License Exception LPP: up to {Num.Format(lpp.Value!.Number!.Value)} TPP per ultimate consignee per calendar year (certification and notification); {Num.Format(tpp)} TPP per unit.", lpp.Citation);
            return new Outcome(Verdict.LicenseException, "LPP", true, Summary: "LICENSE_EXCEPTION LPP (AI Diffusion, Tier 2).", LppTpp: tpp, LppFallbackPolicy: tier2Policy, LppFallbackNote: review.Cite);
        }

        t.Step("review policy", $"Tier 2: {tier2Policy.Words()} (until the country allocation is reached).", review.Citation);
        return new Outcome(Verdict.LicenseRequired, Policy: tier2Policy, Summary: "LICENSE_REQUIRED (AI Diffusion, Tier 2).");
    }

    /// <summary>4E091 as written: worldwide licence; AIA in Tier 1; presumption of denial in Tier 3.</summary>
    public Outcome ModelWeights(Facts f, Trace t)
    {
        var rules = f.Rules;
        var geo = rules.Entry("diffusion.geography")!;
        t.Step("licence requirement", "AI Diffusion: 4E091 model weights need a licence to any destination worldwide.", geo.Citation);
        var tier3 = rules.Entry("diffusion.tier3")!;
        if (tier3.Value!.Set!.Contains(f.Destination, f.Date, book.CountryGroups) || (f.Headquarters is { } h && tier3.Value.Set.Contains(h, f.Date, book.CountryGroups)))
        {
            t.Step("review policy", "Tier 3: presumption of denial.", tier3.Citation);
            return new Outcome(Verdict.LicenseRequired, Policy: ReviewPolicy.PresumptionOfDenial, Summary: "LICENSE_REQUIRED for 4E091 (Tier 3).");
        }

        if (f.Headquarters is not { } hq)
        {
            return Outcome.Review("REVIEW: end user headquarters not given; it decides AIA eligibility for 4E091.");
        }

        var t1 = rules.Entry("diffusion.tier1")!;
        if (t1.Value!.Set!.Contains(f.Destination, f.Date, book.CountryGroups) && t1.Value.Set.Contains(f.Located, f.Date, book.CountryGroups) && t1.Value.Set.Contains(hq, f.Date, book.CountryGroups))
        {
            t.Step("exceptions", "License Exception AIA: Tier 1 destination and end user.", t1.Citation);
            return new Outcome(Verdict.LicenseException, "AIA", Summary: "LICENSE_EXCEPTION AIA for 4E091.");
        }

        t.Step("review policy", "Tier 2: the review policy for 4E091 is not stated in the domain notes (security standards for storage in Tier 2 per the preamble).");
        return new Outcome(Verdict.LicenseRequired, PolicyNote: "not stated for 4E091 in Tier 2", Summary: "LICENSE_REQUIRED for 4E091 (Tier 2).");
    }
}
