using ComputeGate.Domain.Geography;
using ComputeGate.Domain.Licensing;

namespace ComputeGate.Store.Tests;

/// <summary>Licences in the store, on both stores: import, list, drawdowns all or nothing, once per line, never overdrawn under concurrency.</summary>
public sealed class LicenseStoreTests
{
    private static HeldLicense License(string number, int? quantity, decimal? value, string holder = "Example Exports Inc.") =>
        new(number, holder, ["nvidia-h100-sxm"], ["3A090"], [new CountryCode("SA")], [], quantity, value,
            new DateOnly(2025, 1, 1), new DateOnly(2026, 12, 31), $"licence {number} (held.yaml:1)");

    private static (TestStore T, Database.StoreDatabase Db, LicenseStore Licenses) Open(string kind)
    {
        var t = TestStore.Create(kind);
        var db = t.Open();
        return (t, db, new LicenseStore(db, TimeProvider.System));
    }

    [Theory, MemberData(nameof(TestStore.Kinds), MemberType = typeof(TestStore))]
    public void ImportAddsUpdatesAndKeepsWhatWasDrawn(string kind)
    {
        var (t, db, licenses) = Open(kind);
        using (t)
        using (db)
        {
            Assert.Equal(new LicenseImportAudit(2, 0, 0), licenses.Import([License("L-1", 100, 1_000_000m), License("L-2", null, null)]));
            Assert.True(licenses.Draw("L-1", "b", 1, "o-1", 10, 50_000.5m).Drawn);
            Assert.Equal(new LicenseImportAudit(0, 1, 1), licenses.Import([License("L-1", 120, 1_000_000m), License("L-2", null, null)]));

            var l1 = licenses.List().Single(l => l.License.Number == "L-1");
            Assert.Equal((120, 1_000_000m), (l1.License.QuantityLimit, l1.License.ValueLimitUsd));
            Assert.Equal([new CountryCode("SA")], l1.License.Destinations);
            Assert.Equal((10L, 50_000.5m), (l1.QuantityUsed, l1.ValueUsedUsd));
            Assert.Equal((110, 949_999.5m), l1.Left);
            Assert.Equal(((int?)null, (decimal?)null), licenses.List().Single(l => l.License.Number == "L-2").Left);
        }
    }

    [Theory, MemberData(nameof(TestStore.Kinds), MemberType = typeof(TestStore))]
    public void ADrawIsAllOrNothingAndOncePerLine(string kind)
    {
        var (t, db, licenses) = Open(kind);
        using (t)
        using (db)
        {
            licenses.Import([License("L-1", 100, 1000m)]);
            Assert.Equal(new DrawResult(true, 40, 400m), licenses.Draw("L-1", "b", 1, "o-1", 60, 600m));
            Assert.Equal(new DrawResult(false, 40, 400m), licenses.Draw("L-1", "b", 2, "o-2", 41, 10m)); // quantity short
            Assert.Equal(new DrawResult(false, 40, 400m), licenses.Draw("L-1", "b", 3, "o-3", 1, 401m)); // value short
            Assert.Equal(new DrawResult(false, 40, 400m), licenses.Draw("L-1", "b", 4, "o-4", 1, null)); // a value limit needs a value
            Assert.Equal(new DrawResult(true, 40, 400m), licenses.Draw("L-1", "b", 1, "o-1", 60, 600m)); // line 1 again: already drawn
            Assert.Equal((60L, 600m, 1), licenses.Drawn("L-1"));
            Assert.Equal(new DrawResult(true, 0, 0m), licenses.Draw("L-1", "other", 1, "o-1", 40, 400m));
        }
    }

    [Theory, MemberData(nameof(TestStore.Kinds), MemberType = typeof(TestStore))]
    public async Task ConcurrentDrawdownsNeverOverdraw(string kind)
    {
        var (t, db, licenses) = Open(kind);
        using (t)
        using (db)
        {
            const int quantity = 500;
            const decimal value = 45_000m; // 450 units at 100 USD: the value limit binds first
            licenses.Import([License("L-1", quantity, value)]);
            // 8 writers, 40 lines each, 1..20 units at 100 USD: about twice what the licence allows.
            var granted = await Task.WhenAll(Enumerable.Range(0, 8).Select(w => Task.Run(() =>
            {
                var random = new Random(w);
                var drawn = 0;
                for (var i = 0; i < 40; i++)
                {
                    var units = random.Next(1, 21);
                    if (licenses.Draw("L-1", $"w{w}", i, $"o-{w}-{i}", units, units * 100m).Drawn)
                    {
                        drawn += units;
                    }
                }

                return drawn;
            })));

            var (q, v, _) = licenses.Drawn("L-1");
            var row = licenses.List().Single();
            Assert.InRange(q, 1, quantity);
            Assert.InRange(v, 1, value);
            Assert.Equal(granted.Sum(), q);
            Assert.Equal((q, v), (row.QuantityUsed, row.ValueUsedUsd)); // the balance and the drawdowns agree
            Assert.True(row.Left.Value < 2_000m, $"demand was twice the licence, yet {row.Left.Value} USD are left");
        }
    }
}
