using ComputeGate.Domain.Geography;
using ComputeGate.Domain.Licensing;
using ComputeGate.Domain.Parties;

using CsCheck;
using static ComputeGate.Domain.Tests.Bundled;

namespace ComputeGate.Domain.Tests;

/// <summary>
/// The book decider reuses rulings (decided on the first day of the line's period of the law) and
/// classifications. That must never change a decision: every cached decision equals the decision
/// made from scratch on the line's own date.
/// </summary>
public class OrderDecisionCacheTests
{
    private static readonly PartyList Parties = ComputeGate.Formats.EntityListLoader.Embedded();
    private static readonly string[] Items = [.. Catalog.Ids];
    private static readonly string[] Destinations = ["CN", "HK", "MO", "US", "DE", "IN", "SA", "AE", "VN", "MY", "IL", "NI", "CY", "KH", "RU", "IR", "SG", "TW", "BY"];
    private static readonly string?[] Exporters = ["NVIDIA Corporation", "AMD", "Example Distribution Ltd.", null];
    private static readonly string?[] EndUsers = ["Example Compute Ltd.", "Huawei Technologies Co., Ltd.", "Sophgo Technologies Ltd.", null];
    private static readonly DateOnly Start = new(2019, 1, 1);

    private static readonly Gen<OrderLine> Lines =
        Gen.Select(Gen.Int[0, Items.Length - 1], Gen.Int[0, 365 * 8], Gen.Int[0, Destinations.Length - 1], Gen.Int[-1, Destinations.Length - 1],
                Gen.Int[0, Exporters.Length - 1], Gen.Int[0, EndUsers.Length - 1], Gen.Int[1, 3000], Gen.Bool)
            .Select((item, day, dest, hq, exporter, endUser, qty, fromUs) => new OrderLine
            {
                Id = "p",
                Date = Start.AddDays(day),
                Item = Catalog.Get(Items[item]),
                Quantity = qty,
                Destination = new CountryCode(Destinations[dest]),
                EndUser = EndUsers[endUser],
                EndUserHeadquarters = hq < 0 ? null : new CountryCode(Destinations[hq]),
                Exporter = Exporters[exporter],
                UnitValueUsd = 1000m,
                ShipFrom = fromUs ? new CountryCode("US") : null,
            });

    [Theory]
    [InlineData(DecisionMode.AsEnforced)]
    [InlineData(DecisionMode.AsWritten)]
    public void CachedDecisionsEqualDecisionsFromScratch(DecisionMode mode)
    {
        var book = new OrderBookDecider(new OrderLineDecider(Book, Parties, "test"), Classifier, mode, []);
        Lines.Sample(line =>
        {
            var cached = book.Decide(line);
            if (cached.LicenseException == "LPP" || cached.Steps.Any(s => s.Text.Contains("LPP allowance", StringComparison.Ordinal)))
            {
                return true; // the LPP tally depends on earlier lines by design
            }

            var fresh = book.DecideUncached(line);
            return cached.Verdict == fresh.Verdict
                   && cached.Eccn == fresh.Eccn
                   && cached.LicenseException == fresh.LicenseException
                   && cached.NotificationRequired == fresh.NotificationRequired
                   && cached.ReviewPolicy == fresh.ReviewPolicy
                   && cached.ReviewPolicyNote == fresh.ReviewPolicyNote
                   && cached.Reasons.SequenceEqual(fresh.Reasons)
                   && cached.Citations.SequenceEqual(fresh.Citations)
                   && cached.Unverified.SequenceEqual(fresh.Unverified)
                   && cached.Provenance == fresh.Provenance;
        }, iter: 3000, threads: 1); // one book, one thread: OrderBookDecider is stateful by design
    }
}
