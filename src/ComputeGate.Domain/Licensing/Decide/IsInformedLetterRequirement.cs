using ComputeGate.Domain.Items;
using ComputeGate.Domain.Law;
using ComputeGate.Domain.Parties;
using static ComputeGate.Domain.Licensing.OrderLineDecider;

namespace ComputeGate.Domain.Licensing;

/// <summary>
/// Is-informed letters to single exporters (rules/overlays.yaml): a covered line of the informed exporter needs a licence
/// (no review policy stated); with no exporter given, or a deciding fact unknown, REVIEW.
/// </summary>
internal sealed class IsInformedLetterRequirement(RuleBook book)
{
    private readonly Dictionary<string, HashSet<string>> _letterExporterKeys =
        book.Letters.ToDictionary(l => l.Id, l => l.ExporterNames.Select(PartyName.Key).ToHashSet(StringComparer.Ordinal));

    /// <summary>The outcome of the rules, or what the first binding letter in force makes of it.</summary>
    public Outcome Apply(Facts f, Outcome outcome, Trace t)
    {
        var exporterKey = PartyName.Key(f.Line.Exporter);
        foreach (var letter in book.Letters)
        {
            if (!letter.InForce(f.Date))
            {
                continue;
            }

            var covered = Covers(letter, f.Item, f);
            if (covered == false)
            {
                continue;
            }

            var byDest = letter.Destinations.Contains(f.Destination, f.Date, book.CountryGroups);
            var byHq = letter.Headquarters is { } lhq && f.Headquarters is { } hq && lhq.Contains(hq, f.Date, book.CountryGroups);
            var hqUnknown = letter.Headquarters is not null && f.Headquarters is null;
            if (!byDest && !byHq && !hqUnknown)
            {
                continue;
            }

            var binds = exporterKey.Length == 0 ? (bool?)null : _letterExporterKeys[letter.Id].Contains(exporterKey);
            var scope = byDest ? $"destination {f.Destination}" : byHq ? $"end user headquartered in {f.Headquarters}" : "an end user headquartered there (headquarters not given)";
            var item = covered == true ? "the item" : $"the item, if it meets {letter.Predicate!.Describe()} (a figure is unknown)";
            t.Step("letters", $"Is-informed letter to {letter.Exporter} (from {letter.From:yyyy-MM-dd}{(letter.Until is { } u ? $" to {u:yyyy-MM-dd}" : "")}) covers {item} for {scope}.", letter.Cite);
            t.Flag(letter.Unverified is null ? null : $"letter {letter.Id}: {letter.Unverified}");
            t.Flag(letter.Predicate?.Unverified is { } pu && covered != null && !letter.Items.Contains(f.Item.Id ?? "") ? $"letter {letter.Id}: {pu}" : null);
            if (binds == false)
            {
                t.Step("letters", $"The letter binds {letter.Exporter} only; this line's exporter is another party.");
                continue;
            }

            if (outcome.Verdict == Verdict.LicenseRequired)
            {
                t.Step("letters", "A licence is required under the rules anyway.");
                continue;
            }

            if (binds is null)
            {
                return Outcome.Review($"REVIEW: an is-informed letter to {letter.Exporter} covers this line; the exporter is not given (the letter binds {letter.Exporter} only).");
            }

            if (covered is null || (!byDest && !byHq))
            {
                return Outcome.Review($"REVIEW: whether the letter to {letter.Exporter} covers this line depends on a fact not given ({(covered is null ? "the item's figures" : "end user headquarters")}).");
            }

            t.Step("review policy", "The letter states no review policy.");
            return new Outcome(Verdict.LicenseRequired, PolicyNote: "not stated (is-informed letter)", Summary: $"LICENSE_REQUIRED: is-informed letter to {letter.Exporter}.");
        }

        return outcome;
    }

    /// <summary>True when the letter names the item (or a component), false when it cannot, null when an unknown figure decides.</summary>
    private static bool? Covers(IsInformedLetter letter, Item item, Facts f)
    {
        if (item.Id is not null && letter.Items.Contains(item.Id))
        {
            return true;
        }

        switch (item)
        {
            case Computer c:
                var parts = c.Components.Select(x => Covers(letter, x.Item, f)).ToList();
                return parts.Any(p => p == true) ? true : parts.Any(p => p is null) ? null : false;
            case IntegratedCircuit ic when letter.Predicate is { } p:
                return p.Matches(ic, f.Classify(ic, f.Date).Tpp);
            default:
                return false;
        }
    }
}
