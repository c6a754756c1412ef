using ComputeGate.Domain.Law;
using ComputeGate.Domain.Parties;
using static ComputeGate.Domain.Licensing.OrderLineDecider;

namespace ComputeGate.Domain.Licensing;

/// <summary>An end user or consignee on the Entity List (15 CFR 744.11, Supp. No. 4 to part 744): the entry's licence requirement, the most restrictive review policy of the entries hit, no licence exceptions.</summary>
internal static class EntityListRequirement
{
    public static Outcome Decide(IReadOnlyList<PartyHit> hits, Trace t)
    {
        // The most restrictive policy among the entries that match; an entry without one says so.
        var withPolicy = hits.Where(h => h.Entry.ReviewPolicy is not null).ToList();
        ReviewPolicy? policy = withPolicy.Count > 0 ? withPolicy.Max(h => h.Entry.ReviewPolicy!.Value) : null;
        var first = hits[0].Entry;
        var texts = hits.Select(h => h.Entry.ReviewPolicyText).Where(x => x is not null).Distinct().ToList();
        var note = policy is not null
            ? texts.Count > 0 ? string.Join("; ", texts) : $"review policy of the Entity List entry '{first.Name}'"
            : texts.Count > 0
                // Stated in words that are not one of the known policies: the words go to the reviewer as listed, no policy is guessed.
                ? $"the entry states its review policy in words not read as a known policy (read it): {string.Join("; ", texts)}"
                : $"the Entity List entry '{first.Name}' does not state a review policy";
        var requirement = first.LicenseRequirement.TrimEnd('.');
        requirement = requirement.Length > 0 ? char.ToLowerInvariant(requirement[0]) + requirement[1..] : requirement;
        t.Step("licence requirement", $"Entity List licence requirement: {requirement}. License exceptions are not available to listed parties.", "15 CFR 744.11 and Supp. No. 4 to part 744");
        return new Outcome(Verdict.LicenseRequired, Policy: policy, PolicyNote: note, Summary: $"LICENSE_REQUIRED: a party is on the Entity List ({first.Name}).");
    }
}
