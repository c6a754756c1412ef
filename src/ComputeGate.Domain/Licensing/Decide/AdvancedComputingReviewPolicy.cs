using ComputeGate.Domain.Classification;
using ComputeGate.Domain.Items;
using ComputeGate.Domain.Law;
using static ComputeGate.Domain.Licensing.OrderLineDecider;

namespace ComputeGate.Domain.Licensing;

/// <summary>
/// The review policy of a 3A090.a/.b or 4A090.a/.b licence application (15 CFR 742.6(b)(10)): the 2022 rule; from
/// 2023 by item and destination (presumption of denial for datacenter 3A090.a to the denial set, else the policy for
/// other items); the Jan 2026 case-by-case policy for smaller commodities exported from the United States (91 FR 1684).
/// </summary>
internal sealed class AdvancedComputingReviewPolicy(RuleBook book)
{
    /// <summary>
    /// Whether the item is (or contains) a datacenter 3A090.a IC: the items of the strictest review policy.
    /// <paramref name="eccn"/> is the paragraph being decided (for an undetermined item, one hypothesis), so
    /// an IC is judged by its own datacenter designation, not by its (undetermined) classification.
    /// </summary>
    private static bool? DatacenterA(Facts f, string eccn)
    {
        if (eccn is not ("3A090.a" or "4A090.a"))
        {
            return false;
        }

        if (f.Item is IntegratedCircuit ic)
        {
            return ic.Datacenter;
        }

        var aIcs = AdvancedComputingRequirement.IcsOf(f.Item).Where(i =>
        {
            var c = f.Classify(i, f.Date);
            return c.Paragraph?.StartsWith("3A090.a", StringComparison.Ordinal) == true
                   || c.PossibleParagraphs.Any(p => p?.StartsWith("3A090.a", StringComparison.Ordinal) == true);
        }).ToList();
        return aIcs.Any(i => i.Datacenter == true) ? true : aIcs.Any(i => i.Datacenter is null) ? null : false;
    }

    public (ReviewPolicy? Policy, string? Note) Select(Facts f, string eccn, bool hqHit, Trace t)
    {
        var rules = f.Rules;
        if (rules.Entry("ac.review.2022") is { } r2022)
        {
            t.Step("review policy", $"Review policy (2022 rule): {r2022.Value!.Text!.Replace('-', ' ')}.", r2022.Citation);
            t.FlagRule(r2022.Unverified);
            ReviewPolicies.TryParse(r2022.Value.Text, out var p2022);
            return (p2022, null);
        }

        var denialEntry = rules.Entry("ac.review.denial_set");
        if (denialEntry is null)
        {
            return (null, "no review policy is encoded for this date");
        }

        var denial = denialEntry.Value!.Set!;
        var dcA = DatacenterA(f, eccn);
        ReviewPolicy? policy;
        string? note = null;
        if (dcA == false)
        {
            var other = rules.Entry("ac.review.other_items");
            if (other is null)
            {
                t.Step("review policy", $"Review policy for {eccn} items other than datacenter 3A090.a before 2024-04-04: not stated in the domain notes.");
                return (null, "not stated for this item before 2024-04-04");
            }

            ReviewPolicies.TryParse(other.Value!.Text, out var p);
            t.Step("review policy", $"Review policy: {p.Words()} (items other than datacenter 3A090.a).", other.Citation);
            t.FlagRule(other.Unverified);
            policy = p;
        }
        else
        {
            var denied = denial.Contains(f.Destination, f.Date, book.CountryGroups) || (f.Headquarters is { } hq && denial.Contains(hq, f.Date, book.CountryGroups));
            policy = denied ? ReviewPolicy.PresumptionOfDenial : ReviewPolicy.PresumptionOfApproval;
            t.Step("review policy", $"Review policy for datacenter 3A090.a: {policy.Value.Words()} ({(denied ? $"destination or headquarters in {denial.Describe()}" : $"destination outside {denial.Describe()}")}){(dcA is null ? "; the datacenter designation is not known, the stricter case is shown" : "")}.", denialEntry.Citation);
            t.FlagRule(denialEntry.Unverified);
        }

        // 91 FR 1684 (2026): case-by-case for exports from the US to China/Macau of smaller commodities.
        if (rules.Entry("review_2026.destinations") is { } r2026 && r2026.Value!.Set!.Contains(f.Destination, f.Date, book.CountryGroups) && policy == ReviewPolicy.PresumptionOfDenial)
        {
            var tppBelow = rules.Required("review_2026.tpp_below");
            var bwBelow = rules.Required("review_2026.dram_bw_below_gbps");
            var ic = f.Item as IntegratedCircuit;
            var tpp = f.Classification.Tpp;
            var bw = ic?.MemoryBandwidthGBps;
            var parameters = $"TPP < {Num.Format(tppBelow)} and total DRAM bandwidth < {Num.Format(bwBelow)} GB/s";
            t.FlagRule(rules.Entry("review_2026.dram_bw_below_gbps")!.Unverified);
            t.FlagRule(r2026.Unverified);
            if (ic is null)
            {
                note = $"the Jan 2026 case-by-case policy ({parameters}) is stated for commodities; not evaluated for a computer";
            }
            else if (tpp is null || bw is null)
            {
                note = $"the Jan 2026 case-by-case policy ({parameters}) cannot be evaluated: TPP or DRAM bandwidth unknown";
            }
            else if (tpp >= tppBelow || bw >= bwBelow)
            {
                note = $"the Jan 2026 case-by-case policy does not apply: TPP {Num.Format(tpp.Value)}, DRAM {Num.Format(bw.Value)} GB/s (needs {parameters})";
            }
            else if (hqHit && !r2026.Value.Set.Contains(f.Located, f.Date, book.CountryGroups))
            {
                note = "the Jan 2026 case-by-case policy does not apply to entities headquartered in D:5/Macau located outside them";
            }
            else if (f.Line.ShipFrom is { } from && from.Value == "US")
            {
                policy = ReviewPolicy.CaseByCase;
                note = $"Jan 2026 policy: exported from the United States, {parameters}; requires the exporter's certifications (US supply, foundry capacity, recipient security, third-party testing in the US)";
            }
            else
            {
                note = f.Line.ShipFrom is null
                    ? $"case-by-case instead if exported from the United States with the certifications of 91 FR 1684 ({parameters} met); the shipping origin is not given"
                    : $"exported from {f.Line.ShipFrom}, not the United States: the Jan 2026 case-by-case policy covers exports from the US only";
            }

            t.Step("review policy", $"Jan 2026 review policy: {note}.", r2026.Citation);
        }

        return (policy, note);
    }
}
