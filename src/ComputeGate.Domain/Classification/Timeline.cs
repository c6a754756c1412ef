using ComputeGate.Domain.Items;

namespace ComputeGate.Domain.Classification;

/// <summary>
/// A period in which an item's status was the same: [<see cref="From"/>, <see cref="Until"/>), half-open;
/// <see cref="From"/> null = since before the first rule; <see cref="Until"/> null = still so.
/// </summary>
public sealed record TimelinePeriod(
    DateOnly? From,
    DateOnly? Until,
    ClassificationResult Classification,
    IReadOnlyList<string> Causes);

public static class Timeline
{
    /// <summary>
    /// Every date on which the item's status (ECCN paragraph, enforcement of the rule it rests on, or
    /// the rule text that decides it: the citations) changed, and the instruments that took effect, came into compliance or changed enforcement that day.
    /// </summary>
    public static IReadOnlyList<TimelinePeriod> Of(Classifier classifier, Item item)
    {
        var book = classifier.Book;
        var dates = book.ChangeDates();
        var periods = new List<TimelinePeriod>();
        var first = classifier.Classify(item, dates[0].AddDays(-1));
        periods.Add(new TimelinePeriod(null, null, first, []));
        foreach (var date in dates)
        {
            var result = classifier.Classify(item, date);
            var previous = periods[^1].Classification;
            if (SameStatus(previous, result))
            {
                continue;
            }

            // The instruments acting that day that the old or new result cites (licensing rules acting the
            // same day are not causes of a classification change); all of them if none is cited.
            var acting = book.Instruments
                .Where(i => i.Effective == date || i.Compliance == date || i.Enforcement.Any(e => e.From == date))
                .ToList();
            var cited = acting.Where(i => result.Citations.Concat(previous.Citations).Any(c => c.Contains(i.Citation, StringComparison.Ordinal))).ToList();
            var causes = (cited.Count > 0 ? cited : acting)
                .OrderBy(i => i.Effective)
                .Select(i => i.Effective == date
                    ? $"{i.Citation} effective {date:yyyy-MM-dd}: {i.Title}"
                    : i.Compliance == date
                        ? $"{i.Citation}: compliance required from {date:yyyy-MM-dd}"
                        : $"{i.Citation}: enforcement changed {date:yyyy-MM-dd} ({i.Enforcement.First(e => e.From == date).Cite})")
                .ToList();
            periods[^1] = periods[^1] with { Until = date };
            periods.Add(new TimelinePeriod(date, null, result, causes));
        }

        return periods;
    }

    private static bool SameStatus(ClassificationResult a, ClassificationResult b) =>
        a.Status == b.Status
        && a.Paragraph == b.Paragraph
        && a.Enforcement == b.Enforcement
        && a.PossibleParagraphs.SequenceEqual(b.PossibleParagraphs)
        && a.Citations.SequenceEqual(b.Citations);
}
