namespace ComputeGate.Store.Tests;

/// <summary>The review queue on both stores: raised once per entry version, resolved once with who and why.</summary>
public sealed class CaseStoreTests
{
    [Theory, MemberData(nameof(TestStore.Kinds), MemberType = typeof(TestStore))]
    public void AClearedPairIsNotRaisedAgainUntilTheEntryChanges(string kind)
    {
        using var t = TestStore.Create(kind);
        using var db = t.Open();
        var cases = new CaseStore(db, new ManualClock(new DateTimeOffset(2026, 11, 23, 10, 0, 0, TimeSpan.Zero)));

        var (first, raised) = cases.Raise("huawei technologies", "Huawei Technologies Co.", "csl:EL", "e-1", "v1", 0.93, "b-1", 7);
        Assert.True(raised);
        Assert.True(first.Open);
        Assert.Equal(("b-1", 7L, 0.93), (first.BatchId, first.LineNo!.Value, first.Score));
        Assert.False(cases.Raise("huawei technologies", "HUAWEI TECHNOLOGIES", "csl:EL", "e-1", "v1", 0.95).Raised);
        Assert.Equal([first.Id], cases.OpenCases().Select(c => c.Id));

        var cleared = cases.Resolve(first.Id, CaseResolution.Cleared, "a.reviewer", "different party: Huawei Technologies Investment Co. in Vietnam");
        Assert.Equal((CaseResolution.Cleared, "a.reviewer", "2026-11-23T10:00:00.0000000Z"), (cleared.Resolution!.Value, cleared.ResolvedBy!, cleared.ResolvedAt!));
        Assert.Empty(cases.OpenCases());

        var again = cases.Raise("huawei technologies", "Huawei Technologies Co.", "csl:EL", "e-1", "v1", 0.93);
        Assert.False(again.Raised);
        Assert.Equal(CaseResolution.Cleared, again.Case.Resolution);

        var changed = cases.Raise("huawei technologies", "Huawei Technologies Co.", "csl:EL", "e-1", "v2", 0.93);
        Assert.True(changed.Raised);
        Assert.True(changed.Case.Open);
    }

    [Theory, MemberData(nameof(TestStore.Kinds), MemberType = typeof(TestStore))]
    public void ACaseIsResolvedOnceBySomeoneForAReason(string kind)
    {
        using var t = TestStore.Create(kind);
        using var db = t.Open();
        var cases = new CaseStore(db, TimeProvider.System);
        var c = cases.Raise("example", "Example", "sdn", "1", "v1", 0.9).Case;

        Assert.Throws<ArgumentException>(() => cases.Resolve(c.Id, CaseResolution.Confirmed, "a.reviewer", " "));
        Assert.Equal(CaseResolution.Confirmed, cases.Resolve(c.Id, CaseResolution.Confirmed, "a.reviewer", "same address and owner").Resolution);
        var twice = Assert.Throws<InvalidOperationException>(() => cases.Resolve(c.Id, CaseResolution.Cleared, "b.reviewer", "disagree"));
        Assert.Contains("was already confirmed by a.reviewer", twice.Message);
        Assert.Throws<InvalidOperationException>(() => cases.Resolve(999, CaseResolution.Cleared, "b.reviewer", "no such case"));
        Assert.Contains("append-only", Assert.ThrowsAny<Exception>(() => t.Raw("UPDATE case_resolutions SET resolution = 'cleared'")).Message);
    }
}
