using ComputeGate.Domain.Classification;
using ComputeGate.Domain.Geography;
using ComputeGate.Domain.Items;
using ComputeGate.Domain.Law;
using static ComputeGate.Domain.Licensing.OrderLineDecider;

namespace ComputeGate.Domain.Licensing;

/// <summary>
/// The licence requirement for 3A090.a/.b ICs and 4A090.a/.b computers as enforced (15 CFR 742.6(a)(6), from the
/// Oct 2022 rule as amended): the licence geography, the headquarters rule, License Exceptions NAC/ACA
/// (15 CFR 740.8), then the review policy (<see cref="AdvancedComputingReviewPolicy"/>). The
/// <see cref="NacEligible"/> reading is shared with AI Diffusion's consumer-IC exceptions.
/// </summary>
internal sealed class AdvancedComputingRequirement(RuleBook book)
{
    private readonly AdvancedComputingReviewPolicy _policy = new(book);
    private readonly System.Collections.Concurrent.ConcurrentDictionary<CountryCode, string[]> _groupFlags = new();

    /// <summary>3A090.a/.b, 4A090.a/.b as enforced: geography, headquarters rule, NAC/ACA, review policy.</summary>
    public Outcome Decide(Facts f, string eccn, Trace t)
    {
        var rules = f.Rules;
        var geoEntry = rules.Entry("ac.geography")!;
        var geo = geoEntry.Value!.Set!;
        var inGeo = geo.Contains(f.Destination, f.Date, book.CountryGroups);
        t.Step("licence requirement", $"Licence geography for {eccn} ({geo.Describe()}): {geo.Explain(f.Destination, f.Date, book.CountryGroups)}: {(inGeo ? "a licence is required" : "outside")}.", geoEntry.Citation);
        t.Flag(geoEntry.Unverified is null || !inGeo ? null : $"rule: {geoEntry.Unverified}");
        t.Flag(_groupFlags.GetOrAdd(f.Destination, d => book.CountryGroups.All.SelectMany(g => g.UnverifiedFor(d)).ToArray()));

        var hqEntry = rules.Entry("ac.headquarters");
        var hqHit = false;
        if (hqEntry is not null)
        {
            var hqSet = hqEntry.Value!.Set!;
            if (f.Headquarters is { } hq)
            {
                hqHit = hqSet.Contains(hq, f.Date, book.CountryGroups);
                t.Step("licence requirement", hqHit
                    ? $"Headquarters rule: the end user (or its ultimate parent) is headquartered in {hq} ({hqSet.Explain(hq, f.Date, book.CountryGroups)}): a licence is required wherever it is located."
                    : $"Headquarters rule ({hqSet.Describe()}): headquarters {hq} is not in it.", hqEntry.Citation);
            }
            else if (!inGeo)
            {
                t.Step("licence requirement", $"Headquarters rule: a licence is required if the end user or its ultimate parent is headquartered in {hqSet.Describe()}, wherever located; the headquarters is not given.", hqEntry.Citation);
                return Outcome.Review("REVIEW: end user headquarters not given; it decides whether the headquarters rule applies.");
            }
        }

        if (!inGeo && !hqHit)
        {
            return Outcome.Nlr($"NLR: {f.Destination} is outside the {eccn} licence geography and the headquarters rule does not apply.");
        }

        // License Exceptions NAC / ACA (15 CFR 740.8).
        if (rules.Entry("ac.nac.notified") is { } nacEntry)
        {
            var (eligible, why) = NacEligible(f, eccn);
            t.Step("exceptions", why, rules.Entry("ac.exception.other")?.Citation);
            if (eligible is null)
            {
                return Outcome.Review("REVIEW: the datacenter designation decides NAC/ACA eligibility and is not known.");
            }

            if (eligible == true)
            {
                var nacSet = nacEntry.Value!.Set!;
                var byDest = nacSet.Contains(f.Destination, f.Date, book.CountryGroups);
                var byHq = f.Headquarters is { } hq2 && nacSet.Contains(hq2, f.Date, book.CountryGroups);
                if (!byDest && f.Headquarters is null)
                {
                    t.Step("exceptions", $"Notification is required for destinations or end users headquartered in {nacSet.Describe()}; the headquarters is not given.", nacEntry.Citation);
                    return Outcome.Review("REVIEW: end user headquarters not given; it decides between NAC (notified) and the exception without notification.");
                }

                var notified = byDest || byHq;
                var name = notified ? "NAC" : rules.Text("ac.exception.other")!;
                t.Step("exceptions", notified
                    ? $"License Exception NAC with notification to BIS before export: {(byDest ? $"destination {f.Destination}" : $"end user headquartered in {f.Headquarters}")} is in {nacSet.Describe()}."
                    : $"License Exception {name}, no notification: {f.Destination} is in the licence geography but not in {nacSet.Describe()}.",
                    notified ? nacEntry.Citation : rules.Entry("ac.exception.other")!.Citation);
                return new Outcome(Verdict.LicenseException, name, notified, Summary: $"LICENSE_EXCEPTION {name}{(notified ? " with notification" : "")}.");
            }
        }

        var (policy, note) = _policy.Select(f, eccn, hqHit, t);
        return new Outcome(Verdict.LicenseRequired, Policy: policy, PolicyNote: note, Summary: $"LICENSE_REQUIRED for {eccn} to {f.Destination}{(hqHit && !inGeo ? " (headquarters rule)" : "")}.");
    }

    /// <summary>
    /// 3A090 License Exceptions paragraph: "NAC: Yes, for 3A090.a, if the item is not designed or marketed
    /// for use in datacenters and has a TPP of 4800 or more; yes, for 3A090.b, if the item is designed or
    /// marketed for use in datacenters." 4A090 follows the ICs it contains (a reading, flagged).
    /// </summary>
    public static (bool? Eligible, string Why) NacEligible(Facts f, string eccn)
    {
        if (eccn == "3A090.b")
        {
            return (true, "3A090.b items are NAC/ACA eligible (an IC outside datacenters with TPP < 4,800 is outside 3A090 by Note 2, so a 3A090.b IC is a datacenter IC).");
        }

        if (eccn == "3A090.a" && f.Item is IntegratedCircuit ic)
        {
            return ic.Datacenter switch
            {
                true => (false, "Not NAC/ACA eligible: 3A090.a designed or marketed for datacenters."),
                false => (true, "NAC/ACA eligible: 3A090.a not designed or marketed for datacenters, with TPP ≥ 4,800."),
                null => (null, "NAC/ACA eligibility of a 3A090.a IC depends on its datacenter designation, which is not known."),
            };
        }

        if (f.Item is Computer computer)
        {
            var ics = IcsOf(computer).Select(i => (Ic: i, Cls: f.Classify(i, f.Date))).ToList();
            var aIcs = ics.Where(x => x.Cls.Paragraph?.StartsWith("3A090.a", StringComparison.Ordinal) == true).ToList();
            var undetermined = ics.Any(x => x.Cls.Status == ClassificationStatus.Undetermined);
            const string reading = "(4A090 eligibility read as that of the ICs it contains)";
            if (eccn == "4A090.b" && !undetermined)
            {
                return (true, $"NAC/ACA eligible: 4A090.b, its ICs are 3A090.b {reading}.");
            }

            if (undetermined)
            {
                return (null, $"NAC/ACA eligibility depends on an undetermined component IC {reading}.");
            }

            if (aIcs.Any(x => x.Ic.Datacenter == true))
            {
                return (false, $"Not NAC/ACA eligible: contains a datacenter 3A090.a IC ({aIcs.First(x => x.Ic.Datacenter == true).Ic.Label}) {reading}.");
            }

            return aIcs.Any(x => x.Ic.Datacenter is null)
                ? (null, $"NAC/ACA eligibility depends on the datacenter designation of a component IC, which is not known {reading}.")
                : (true, $"NAC/ACA eligible: its 3A090.a ICs are not designed or marketed for datacenters {reading}.");
        }

        return (false, $"Not NAC/ACA eligible: {eccn}.");
    }

    public static IEnumerable<IntegratedCircuit> IcsOf(Item item) => item switch
    {
        IntegratedCircuit ic => [ic],
        Computer c => c.Components.SelectMany(x => IcsOf(x.Item)),
        _ => [],
    };
}
