using ComputeGate.Domain.Screening;
using ComputeGate.Store;

namespace ComputeGate.Store.Tests;

/// <summary>Import audit on both stores: unchanged, removed, revived, updated, refused imports.</summary>
public sealed class ListStoreTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 1, 8, 0, 0, TimeSpan.Zero);
    private TestStore? _store;

    public void Dispose() => _store?.Dispose();

    /// <summary>This test's store (the same one on every call).</summary>
    private string Location(string kind) => (_store ??= TestStore.Create(kind)).Location;

    private static ListEntry Entry(string id, string name, string? remarks = null, string list = "sdn") =>
        new() { List = list, EntryId = id, Kind = PartyKind.Entity, Names = [new EntryName(name, NameKind.Primary)], Remarks = remarks };

    private static ParsedList File(params ListEntry[] entries) => new("simple-json", entries, []);

    private static IReadOnlyList<ListEntry> Twelve() =>
        Enumerable.Range(1, 12).Select(i => Entry($"e{i}", $"Example Party {i} Ltd.")).ToList();

    [Theory, MemberData(nameof(TestStore.Kinds), MemberType = typeof(TestStore))]
    public void AFirstImportInsertsAndASecondIdenticalOneChangesNothing(string kind)
    {
        using var store = ListStore.Open(Location(kind));
        var first = Assert.Single(store.Import(File([.. Twelve()]), "sdn.csv", "h1", T0));
        Assert.Equal((12, 12, 0, 0, 0, 0), (first.Entries, first.Inserted, first.Updated, first.Unchanged, first.Revived, first.Removed));

        var again = Assert.Single(store.Import(File([.. Twelve()]), "sdn.csv", "h1", T0.AddDays(1)));
        Assert.Equal((0, 0, 12, 0, 0), (again.Inserted, again.Updated, again.Unchanged, again.Revived, again.Removed));
        Assert.Equal(12, store.ActiveEntries("sdn").Count());
    }

    [Theory, MemberData(nameof(TestStore.Kinds), MemberType = typeof(TestStore))]
    public void AMissingEntryIsRemovedAChangedOneUpdatedAndAReturningOneRevived(string kind)
    {
        using var store = ListStore.Open(Location(kind));
        store.Import(File([.. Twelve()]), "sdn.csv", "h1", T0);

        var changed = Twelve().Where(e => e.EntryId != "e3").Select(e => e.EntryId == "e5" ? e with { Remarks = "a.k.a. new" } : e).ToArray();
        var second = Assert.Single(store.Import(File(changed), "sdn.csv", "h2", T0.AddDays(1)));
        Assert.Equal((0, 1, 10, 0, 1), (second.Inserted, second.Updated, second.Unchanged, second.Revived, second.Removed));
        Assert.DoesNotContain(store.ActiveEntries("sdn"), e => e.EntryId == "e3");
        Assert.Equal("a.k.a. new", store.ActiveEntries("sdn").Single(e => e.EntryId == "e5").Remarks);

        var third = Assert.Single(store.Import(File([.. changed, Entry("e3", "Example Party 3 Ltd."), Entry("e13", "New Party GmbH")]), "sdn.csv", "h3", T0.AddDays(2)));
        Assert.Equal((1, 0, 11, 1, 0), (third.Inserted, third.Updated, third.Unchanged, third.Revived, third.Removed));
        Assert.Equal(13, store.ActiveEntries("sdn").Count());
    }

    [Theory, MemberData(nameof(TestStore.Kinds), MemberType = typeof(TestStore))]
    public void AnEmptyFileIsRefusedAndChangesNothing(string kind)
    {
        using var store = ListStore.Open(Location(kind));
        store.Import(File([.. Twelve()]), "sdn.csv", "h1", T0);
        var e = Assert.Throws<ImportRefused>(() => store.Import(new ParsedList("ofac-sdn", [], [new RejectedRow("sdn.csv", 1, "row", "truncated")]), "sdn.csv", "h0", T0.AddDays(1)));
        Assert.Contains("nothing was changed", e.Message);
        Assert.Equal(12, store.ActiveEntries("sdn").Count());
        Assert.Equal(T0, Assert.Single(store.Status(T0.AddDays(1))).ImportedAt);
    }

    [Theory, MemberData(nameof(TestStore.Kinds), MemberType = typeof(TestStore))]
    public void ATruncatedFileThatWouldRemoveMostOfAListIsRefusedUnlessAllowed(string kind)
    {
        using var store = ListStore.Open(Location(kind));
        store.Import(File([.. Twelve()]), "sdn.csv", "h1", T0);
        var truncated = Twelve().Take(3).ToArray();
        var e = Assert.Throws<ImportRefused>(() => store.Import(File(truncated), "sdn.csv", "h2", T0.AddDays(1)));
        Assert.Contains("would remove 9 of the 12", e.Message);
        Assert.Equal(12, store.ActiveEntries("sdn").Count());

        var allowed = Assert.Single(store.Import(File(truncated), "sdn.csv", "h2", T0.AddDays(1), allowMassRemoval: true));
        Assert.Equal(9, allowed.Removed);
        Assert.Equal(3, store.ActiveEntries("sdn").Count());
    }

    [Theory, MemberData(nameof(TestStore.Kinds), MemberType = typeof(TestStore))]
    public void EachListInAFileGetsItsOwnSnapshotAndStatusReportsAgeAndCounts(string kind)
    {
        using var store = ListStore.Open(Location(kind));
        var audits = store.Import(
            new ParsedList("csl", [Entry("1", "Huawei Technologies Co., Ltd.", list: "csl:EL"), Entry("2", "Example Vessel", list: "csl:SDN")], [new RejectedRow("csl.csv", 7, "name", "empty")]),
            "csl.csv", "abc", T0);
        Assert.Equal(["csl:EL", "csl:SDN"], audits.Select(a => a.List));
        Assert.All(audits, a => Assert.Equal(1, a.Rejected));
        var rejected = Assert.Single(store.Rejected(audits[0].Snapshot));
        Assert.Equal(("csl.csv", 7, "name"), (rejected.File, rejected.Line, rejected.Field));

        var status = store.Status(T0.AddHours(30));
        Assert.Equal(["csl:EL", "csl:SDN"], status.Select(s => s.List));
        Assert.All(status, s => Assert.Equal((1, "csl", "abc", TimeSpan.FromHours(30)), (s.ActiveEntries, s.Format, s.SourceSha256, s.Age)));
    }

    [Theory, MemberData(nameof(TestStore.Kinds), MemberType = typeof(TestStore))]
    public void EntriesRoundTripAndTheStoreSurvivesReopening(string kind)
    {
        var entry = Entry("e1", "Huawei Technologies Co., Ltd.") with
        {
            Names = [new EntryName("Huawei Technologies Co., Ltd.", NameKind.Primary), new EntryName("华为技术有限公司", NameKind.Aka)],
            Countries = ["CN"],
            StartDate = new DateOnly(2019, 5, 16),
            LicenseRequirement = "For all items subject to the EAR.",
            LicensePolicy = "Presumption of denial.",
            Footnotes = [1],
        };
        using (var store = ListStore.Open(Location(kind)))
        {
            store.Import(File(entry), "el.json", "h", T0);
        }

        using var reopened = ListStore.Open(Location(kind));
        var back = Assert.Single(reopened.ActiveEntries());
        Assert.Equal(entry.Names, back.Names);
        Assert.Equal(entry.Countries, back.Countries);
        Assert.Equal((entry.StartDate, entry.LicensePolicy, entry.Footnotes[0]), (back.StartDate, back.LicensePolicy, back.Footnotes[0]));
    }
}
