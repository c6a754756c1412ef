using System.Text;

namespace ComputeGate.Store.Tests;

/// <summary>The hash-chained decision log on both stores: appends, resume, and every kind of tampering named.</summary>
public sealed class DecisionLogTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 23, 9, 0, 0, TimeSpan.Zero);

    private static DecisionRecord Rec(string batch, long line, string verdict = "NLR") =>
        new(batch, line, $"o-{line}", Encoding.UTF8.GetBytes($$"""{"id":"o-{{line}}","line":{{line}},"verdict":"{{verdict}}"}"""));

    /// <summary>A store whose log holds <c>records</c> lines of batch b1, appended three at a time a minute apart.</summary>
    private sealed class Logged : IDisposable
    {
        public Logged(string kind, int records)
        {
            T = TestStore.Create(kind);
            Store = T.Open(Clock);
            Log = new DecisionLog(Store, Clock);
            for (var i = 1; i <= records; i += 3)
            {
                Log.Append(Enumerable.Range(i, Math.Min(3, records - i + 1)).Select(n => Rec("b1", n)).ToList());
                Clock.Now = Clock.Now.AddMinutes(1);
            }
        }

        public TestStore T { get; }
        public ManualClock Clock { get; } = new(T0);
        public Database.StoreDatabase Store { get; }
        public DecisionLog Log { get; }

        /// <summary>Drops the append-only triggers, runs the SQL, and verifies: the first break.</summary>
        public ChainBreak Tamper(string sql)
        {
            T.Raw(Store.Dialect.DropAppendOnly("decision_log") + Store.Dialect.DropAppendOnly("decision_texts") + sql);
            return Log.Verify().FirstBreak ?? throw new Xunit.Sdk.XunitException("the tampering was not detected");
        }

        public void Dispose()
        {
            Store.Dispose();
            T.Dispose();
        }
    }

    [Theory, MemberData(nameof(TestStore.Kinds), MemberType = typeof(TestStore))]
    public void AnUntouchedLogVerifies(string kind)
    {
        using var s = new Logged(kind, 10);
        var v = s.Log.Verify();
        Assert.True(v.Ok, v.FirstBreak?.Message);
        Assert.Equal((10L, 10L), (v.Records, v.HeadSeq));
        Assert.Equal(64, v.HeadHash.Length);
    }

    [Theory, MemberData(nameof(TestStore.Kinds), MemberType = typeof(TestStore))]
    public void TheLogRefusesUpdateAndDelete(string kind)
    {
        using var s = new Logged(kind, 3);
        var update = Assert.ThrowsAny<Exception>(() => s.T.Raw("UPDATE decision_log SET body = '{}' WHERE seq = 2"));
        Assert.Contains("append-only", update.Message);
        var delete = Assert.ThrowsAny<Exception>(() => s.T.Raw("DELETE FROM decision_log WHERE seq = 3"));
        Assert.Contains("append-only", delete.Message);
    }

    /// <summary>Tampering done with raw SQL (triggers dropped first), and what verify must say: kind, record named, words.</summary>
    public static TheoryData<string, string, string, long, string> Tamperings()
    {
        (string Sql, string Kind, long Seq, string Says)[] cases =
        [
            ("UPDATE decision_log SET body = REPLACE(body, 'NLR', 'LICENSED') WHERE seq = 6;", "edited", 6, "record 6 (batch b1, line 6, id o-6) was edited"),
            ("DELETE FROM decision_log WHERE seq = 7;", "deleted", 7, "record 7 is missing (deleted)"),
            ("DELETE FROM decision_log WHERE seq = 1;", "deleted", 1, "record 1 is missing (deleted)"),
            // A deletion hidden by renumbering the records after it.
            ("DELETE FROM decision_log WHERE seq = 7; UPDATE decision_log SET seq = seq + 100 WHERE seq > 7; UPDATE decision_log SET seq = seq - 101 WHERE seq > 100;",
                "edited", 6, "record 7 does not chain to it"),
            // Records 3 and 8 swapped.
            ("UPDATE decision_log SET seq = 1003 WHERE seq = 3; UPDATE decision_log SET seq = 3 WHERE seq = 8; UPDATE decision_log SET seq = 8 WHERE seq = 1003;",
                "reordered", 3, "record 3 (batch b1, line 8, id o-8) is out of order: it was written after record 7, not after record 2"),
        ];
        var data = new TheoryData<string, string, string, long, string>();
        foreach (var kind in new[] { "sqlite", "postgresql" })
        {
            foreach (var c in cases)
            {
                data.Add(kind, c.Sql, c.Kind, c.Seq, c.Says);
            }
        }

        return data;
    }

    [Theory, MemberData(nameof(Tamperings))]
    public void TamperingIsNamed(string store, string sql, string kind, long seq, string says)
    {
        using var s = new Logged(store, 10);
        var b = s.Tamper(sql);
        Assert.Equal((kind, seq), (b.Kind, b.Seq));
        Assert.Contains(says, b.Message);
    }

    [Theory, MemberData(nameof(TestStore.Kinds), MemberType = typeof(TestStore))]
    public void AnEditWithItsHashRecomputedIsStillNamed(string kind)
    {
        using var s = new Logged(kind, 10);
        // Rewrite record 4 and give it a correct hash of its own: only the chain can tell.
        var r4 = s.Log.Read(DateOnly.FromDateTime(T0.UtcDateTime), DateOnly.FromDateTime(T0.UtcDateTime)).Single(r => r.Seq == 4);
        var body = r4.Body.Replace("NLR", "LICENSED", StringComparison.Ordinal);
        var hash = new DecisionLog.RecordHasher().Hash(r4.PrevHash, r4.BatchId, r4.LineNo, r4.LineId, r4.RecordedAt, r4.Texts, Encoding.UTF8.GetBytes(body));
        var b = s.Tamper($"UPDATE decision_log SET body = '{body}', hash = '{hash}' WHERE seq = 4;");
        Assert.Equal(("edited", 4L), (b.Kind, b.Seq));
        Assert.Contains("record 4 (batch b1, line 4, id o-4) was rewritten", b.Message);
    }

    [Theory, MemberData(nameof(TestStore.Kinds), MemberType = typeof(TestStore))]
    public void ExplanationsAreStoredOnceAndCoveredByTheChain(string kind)
    {
        using var s = new Logged(kind, 0);
        var text = new DecisionText(DecisionLog.TextHash("""{"reasons":["3A090.a.1"]}"""), """{"reasons":["3A090.a.1"]}""");
        s.Log.Append([Rec("b1", 1) with { Texts = text.Hash }, Rec("b1", 2) with { Texts = text.Hash }], [text]);
        s.Log.Append([Rec("b1", 3) with { Texts = text.Hash }], [text]);
        Assert.Equal(text.Body, s.Log.Text(text.Hash));
        Assert.True(s.Log.Verify().Ok);
        Assert.Throws<ArgumentException>(() => s.Log.Append([Rec("b1", 4)], [text with { Body = "{}" }]));

        var edited = s.Tamper("UPDATE decision_texts SET body = '{\"reasons\":[]}';");
        Assert.Equal(("edited", 1L), (edited.Kind, edited.Seq));
        Assert.Contains("the explanation (reasons, citations) of record 1 (batch b1, line 1, id o-1)", edited.Message);
        s.T.Raw("DELETE FROM decision_texts;"); // its triggers were dropped above
        Assert.Equal("deleted", s.Log.Verify().FirstBreak!.Kind);
    }

    [Theory, MemberData(nameof(TestStore.Kinds), MemberType = typeof(TestStore))]
    public void ALineAlreadyLoggedForItsBatchIsSkippedAndTheChainStaysWhole(string kind)
    {
        using var s = new Logged(kind, 5);
        Assert.Equal([1L, 2, 3, 4, 5], s.Log.LoggedLines("b1").Order());
        Assert.Equal(2, s.Log.Append([Rec("b1", 4), Rec("b1", 6), Rec("b1", 5), Rec("b2", 1)]));
        Assert.Equal(6, s.Log.LoggedLines("b1").Count);
        Assert.Equal([1L], s.Log.LoggedLines("b2"));
        var v = s.Log.Verify();
        Assert.True(v.Ok, v.FirstBreak?.Message);
        Assert.Equal(7L, v.Records);
    }

    [Theory, MemberData(nameof(TestStore.Kinds), MemberType = typeof(TestStore))]
    public async Task ConcurrentWritersExtendOneChain(string kind)
    {
        using var s = new Logged(kind, 0);
        await Task.WhenAll(Enumerable.Range(0, 4).Select(w => Task.Run(() =>
        {
            for (var i = 0; i < 10; i++)
            {
                s.Log.Append([Rec($"w{w}", 2 * i), Rec($"w{w}", (2 * i) + 1)]);
            }
        })));
        var v = s.Log.Verify();
        Assert.True(v.Ok, v.FirstBreak?.Message);
        Assert.Equal(80L, v.Records);
    }

    [Theory, MemberData(nameof(TestStore.Kinds), MemberType = typeof(TestStore))]
    public void ReadReturnsTheRecordsOfTheDaysAskedFor(string kind)
    {
        using var s = new Logged(kind, 3);
        s.Clock.Now = T0.AddDays(1);
        s.Log.Append([Rec("b2", 1)]);
        s.Clock.Now = T0.AddDays(3);
        s.Log.Append([Rec("b3", 1)]);
        var day = DateOnly.FromDateTime(T0.UtcDateTime);
        Assert.Equal(3, s.Log.Read(day, day).Count());
        Assert.Equal(["b1", "b1", "b1", "b2"], s.Log.Read(day, day.AddDays(2)).Select(r => r.BatchId));
        Assert.Equal([5L], s.Log.Read(day.AddDays(2), day.AddDays(30)).Select(r => r.Seq));
    }
}
