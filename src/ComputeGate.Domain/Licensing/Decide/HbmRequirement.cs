using ComputeGate.Domain.Classification;
using ComputeGate.Domain.Law;
using static ComputeGate.Domain.Licensing.OrderLineDecider;

namespace ComputeGate.Domain.Licensing;

/// <summary>3A090.c high-bandwidth memory (Dec 2024 rule): the licence geography, the open question of the headquarters rule, License Exception HBM (15 CFR 740.25).</summary>
internal sealed class HbmRequirement(RuleBook book)
{
    /// <summary>3A090.c: licence to D:5 and Macau; License Exception HBM below the density limit.</summary>
    public Outcome Decide(Facts f, Trace t)
    {
        var rules = f.Rules;
        var geoEntry = rules.Entry("hbm.geography")!;
        var geo = geoEntry.Value!.Set!;
        var inGeo = geo.Contains(f.Destination, f.Date, book.CountryGroups);
        t.Step("licence requirement", $"Licence geography for 3A090.c ({geo.Describe()}): {geo.Explain(f.Destination, f.Date, book.CountryGroups)}: {(inGeo ? "a licence is required" : "outside")}.", geoEntry.Citation);
        t.FlagRule(geoEntry.Unverified);
        if (!inGeo)
        {
            var hqSet = rules.Set("ac.headquarters");
            if (hqSet is not null && (f.Headquarters is null || hqSet.Contains(f.Headquarters.Value, f.Date, book.CountryGroups)))
            {
                t.Step("licence requirement", "Whether the headquarters rule (15 CFR 744.23(a)(3), written for 3A090/4A090 in 2023) reaches 3A090.c is not stated in the domain notes.");
                return Outcome.Review(f.Headquarters is null
                    ? "REVIEW: end user headquarters not given, and the reach of the headquarters rule over 3A090.c is not settled."
                    : "REVIEW: the end user is headquartered in D:5/Macau; whether the headquarters rule reaches 3A090.c is not settled.");
            }

            return Outcome.Nlr("NLR: outside the 3A090.c licence geography.");
        }

        if (rules.Entry("le_hbm.density_below") is { } le && f.Classification.MemoryBandwidthDensity is { } density)
        {
            var limit = le.Value!.Number!.Value;
            if (density < limit)
            {
                t.Step("exceptions", $"License Exception HBM: density {Num.Format(density)} < {Num.Format(limit)} GB/s/mm² (subject to the §740.25 conditions, e.g. packaging by parties not headquartered in D:5/Macau).", le.Citation);
                return new Outcome(Verdict.LicenseException, "HBM", Summary: "LICENSE_EXCEPTION HBM.");
            }

            t.Step("exceptions", $"License Exception HBM not available: density {Num.Format(density)} ≥ {Num.Format(limit)} GB/s/mm².", le.Citation);
        }

        t.Step("review policy", "The review policy for 3A090.c licence applications is not stated in the domain notes.");
        return new Outcome(Verdict.LicenseRequired, PolicyNote: "not stated for 3A090.c", Summary: "LICENSE_REQUIRED for 3A090.c.");
    }
}
