using System.Buffers;
using System.Data.Common;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using ComputeGate.Store.Database;

namespace ComputeGate.Store;

/// <summary>
/// One decision to log: its batch, its line (position in the batch and the id it was given), its body
/// (canonical JSON, UTF-8) and the hash of its explanation (<see cref="DecisionText"/>; null when it has none).
/// </summary>
public sealed record DecisionRecord(string BatchId, long LineNo, string LineId, ReadOnlyMemory<byte> Body, string? Texts = null);

/// <summary>An explanation (reasons, citations, unverified facts as JSON) shared by many decisions, stored once under its SHA-256 (<see cref="DecisionLog.TextHash"/>).</summary>
public sealed record DecisionText(string Hash, string Body);

/// <summary>A logged decision as stored. <see cref="RecordedAt"/> is the stored text (ISO 8601, UTC), hashed as is.</summary>
public sealed record LoggedDecision(long Seq, string BatchId, long LineNo, string LineId, string RecordedAt, string Body, string? Texts, string PrevHash, string Hash);

/// <summary>Where the chain breaks first: the record named, what is wrong (<c>edited</c>, <c>deleted</c>, <c>reordered</c>) and a sentence saying it.</summary>
public sealed record ChainBreak(long Seq, string? BatchId, long? LineNo, string? LineId, string Kind, string Message);

/// <summary>The result of recomputing the whole chain: records read, the last one's seq and hash (to keep outside the store), and the first break if any.</summary>
public sealed record ChainVerification(long Records, long HeadSeq, string HeadHash, ChainBreak? FirstBreak)
{
    public bool Ok => FirstBreak is null;
}

/// <summary>
/// The decision log: append-only, hash-chained. The API and the CLI both log through it.
/// </summary>
public interface IDecisionLog
{
    /// <summary>
    /// Appends the records in one transaction, in order, each chained to the one before, with the explanations
    /// they refer to that the store does not have yet; a record whose (batch, line number) is already logged
    /// is skipped (a resumed batch). Returns how many records were appended.
    /// </summary>
    int Append(IReadOnlyList<DecisionRecord> records, IReadOnlyList<DecisionText>? texts = null);

    /// <summary>The explanation stored under a hash, or null.</summary>
    string? Text(string hash);

    /// <summary>The line numbers already logged for a batch (what a resumed batch skips).</summary>
    IReadOnlySet<long> LoggedLines(string batchId);

    /// <summary>Recomputes the chain from record 1 and names the first record that is edited, deleted or out of order.</summary>
    ChainVerification Verify();

    /// <summary>The records recorded on the days from <paramref name="from"/> to <paramref name="to"/> (both inclusive, UTC), in order.</summary>
    IEnumerable<LoggedDecision> Read(DateOnly from, DateOnly to);
}

/// <summary>
/// The decision log in the store (SQLite or PostgreSQL). Record n carries
/// <c>hash = SHA-256(prev_hash || canonical bytes)</c> where <c>prev_hash</c> is record n−1's hash (32 zero bytes
/// for record 1) and the canonical bytes are the UTF-8 JSON
/// <c>{"batch":…,"lineNo":…,"lineId":…,"recordedAt":…,"texts":…,"body":BODY}</c> with the body as stored, byte for
/// byte. The explanation a record refers to (<c>texts</c>) is content-addressed, so the chain covers it too. The sequence number is not hashed: a record's place is
/// fixed by the chain itself, so a record moved to another place keeps a valid hash of its own but no
/// longer follows its predecessor (reordered), a missing number is a deletion, and a changed byte is an edit.
/// Appends are serialised by the store's write lock (<see cref="Dialect.BeginWrite"/>), so concurrent
/// writers (several processes, an API) extend one chain. There is no update or delete path in code, and
/// the tables refuse both (triggers).
/// </summary>
public sealed class DecisionLog(StoreDatabase store, TimeProvider clock) : IDecisionLog
{
    /// <summary>The previous hash of record 1.</summary>
    public static readonly string GenesisHash = new('0', 64);

    private const string Columns = "seq, batch_id, line_no, line_id, recorded_at, body, texts, prev_hash, hash";

    public int Append(IReadOnlyList<DecisionRecord> records, IReadOnlyList<DecisionText>? texts = null)
    {
        if (records.Count == 0)
        {
            return 0;
        }

        using var db = store.Connect();
        using var tx = store.Dialect.BeginWrite(db, "decision_log");
        if (texts is { Count: > 0 })
        {
            using var text = db.Command(tx, "INSERT INTO decision_texts (hash, body) VALUES (@h, @b) ON CONFLICT (hash) DO NOTHING", ("@h", ""), ("@b", ""));
            foreach (var t in texts)
            {
                if (TextHash(t.Body) != t.Hash)
                {
                    throw new ArgumentException($"explanation {t.Hash}: the hash is not the SHA-256 of its text", nameof(texts));
                }

                text.Set("@h", t.Hash);
                text.Set("@b", t.Body);
                text.ExecuteNonQuery();
            }
        }

        var (seq, prev) = Head(db, tx);
        var at = Timestamp(clock.GetUtcNow());

        // Lines already logged (a resumed batch) or repeated in this call are left out before hashing, under the
        // write lock: every row sent below is then new, so a dialect may send them all at once (PostgreSQL: one
        // round trip), and a row that still conflicts means a broken assumption: nothing is committed.
        var logged = AlreadyLogged(db, tx, records);
        var inCall = new HashSet<(string, long)>();
        using var insert = store.Dialect.Inserter(db, tx,
            "INSERT INTO decision_log (" + Columns + ") VALUES (@p0, @p1, @p2, @p3, @p4, @p5, @p6, @p7, @p8) ON CONFLICT (batch_id, line_no) DO NOTHING", 9);
        var appended = 0;
        var hashing = new RecordHasher();
        foreach (var r in records)
        {
            if (logged.Contains((r.BatchId, r.LineNo)) || !inCall.Add((r.BatchId, r.LineNo)))
            {
                continue;
            }

            var hash = hashing.Hash(prev, r.BatchId, r.LineNo, r.LineId, at, r.Texts, r.Body.Span);
            insert.Int64(0, seq + 1);
            insert.Text(1, r.BatchId);
            insert.Int64(2, r.LineNo);
            insert.Text(3, r.LineId);
            insert.Text(4, at);
            insert.Utf8(5, r.Body.Span);
            insert.Text(6, r.Texts);
            insert.Text(7, prev);
            insert.Text(8, hash);
            insert.Queue();
            seq++;
            prev = hash;
            appended++;
        }

        var written = insert.Flush();
        if (written != appended)
        {
            throw new InvalidOperationException($"decision log: {appended - written} of {appended} records conflicted with records already logged although checked under the write lock; nothing was committed");
        }

        tx.Commit();
        return appended;
    }

    /// <summary>The (batch, line) pairs of <paramref name="records"/> already in the log: one range query per batch.</summary>
    private static HashSet<(string, long)> AlreadyLogged(System.Data.Common.DbConnection db, System.Data.Common.DbTransaction tx, IReadOnlyList<DecisionRecord> records)
    {
        var found = new HashSet<(string, long)>();
        foreach (var batch in records.GroupBy(r => r.BatchId, StringComparer.Ordinal))
        {
            using var cmd = db.Command(tx, "SELECT line_no FROM decision_log WHERE batch_id = @b AND line_no BETWEEN @lo AND @hi",
                ("@b", batch.Key), ("@lo", batch.Min(r => r.LineNo)), ("@hi", batch.Max(r => r.LineNo)));
            using var reader = cmd.ExecuteReader();
            while (reader.Read())
            {
                found.Add((batch.Key, reader.GetInt64(0)));
            }
        }

        return found;
    }

    public IReadOnlySet<long> LoggedLines(string batchId)
    {
        using var db = store.Connect();
        using var cmd = db.Command(null, "SELECT line_no FROM decision_log WHERE batch_id = @b", ("@b", batchId));
        using var r = cmd.ExecuteReader();
        var result = new HashSet<long>();
        while (r.Read())
        {
            result.Add(r.GetInt64(0));
        }

        return result;
    }

    public string? Text(string hash)
    {
        using var db = store.Connect();
        return (string?)db.Scalar(null, "SELECT body FROM decision_texts WHERE hash = @h", ("@h", hash));
    }

    public ChainVerification Verify()
    {
        // The explanations first (a few thousand): which ones still match their hash.
        var texts = new Dictionary<string, bool>(StringComparer.Ordinal);
        using var db = store.Connect();
        using (var t = db.Command(null, "SELECT hash, body FROM decision_texts"))
        using (var tr = t.ExecuteReader())
        {
            while (tr.Read())
            {
                texts[tr.GetString(0)] = TextHash(tr.GetString(1)) == tr.GetString(0);
            }
        }

        using var cmd = db.Command(null, "SELECT " + Columns + " FROM decision_log ORDER BY seq");
        using var reader = cmd.ExecuteReader();
        var hashing = new RecordHasher();
        long count = 0, expected = 1;
        var prev = GenesisHash;
        LoggedDecision? before = null;
        while (reader.Read())
        {
            var r = Record(reader);
            count++;
            if (r.Seq != expected)
            {
                var missing = r.Seq == expected + 1 ? $"record {expected} is" : $"records {expected} to {r.Seq - 1} are";
                return Broken(count, before, new ChainBreak(expected, null, null, null, "deleted",
                    $"{missing} missing (deleted): the log goes from record {expected - 1} to record {r.Seq}{Describe(r, " (", ")")}"));
            }

            if (hashing.Hash(r.PrevHash, r.BatchId, r.LineNo, r.LineId, r.RecordedAt, r.Texts, Encoding.UTF8.GetBytes(r.Body)) != r.Hash)
            {
                return Broken(count, before, new ChainBreak(r.Seq, r.BatchId, r.LineNo, r.LineId, "edited",
                    $"record {r.Seq}{Describe(r, " (", ")")} was edited: its content does not give its hash"));
            }

            if (r.Texts is { } th && !(texts.TryGetValue(th, out var intact) && intact))
            {
                var what = texts.ContainsKey(th) ? ("edited", "was edited (it no longer gives its hash)") : ("deleted", "is missing (deleted)");
                return Broken(count, before, new ChainBreak(r.Seq, r.BatchId, r.LineNo, r.LineId, what.Item1,
                    $"the explanation (reasons, citations) of record {r.Seq}{Describe(r, " (", ")")}, {th}, {what.Item2}"));
            }

            if (r.PrevHash != prev)
            {
                return Broken(count, before, Misplaced(r, before));
            }

            prev = r.Hash;
            before = r;
            expected++;
        }

        return new ChainVerification(count, before?.Seq ?? 0, prev, null);
    }

    public IEnumerable<LoggedDecision> Read(DateOnly from, DateOnly to)
    {
        using var db = store.Connect();
        using var cmd = db.Command(null, "SELECT " + Columns + " FROM decision_log WHERE recorded_at >= @f AND recorded_at < @t ORDER BY seq",
            ("@f", Timestamp(new DateTimeOffset(from.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero))),
            ("@t", Timestamp(new DateTimeOffset(to.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero))));
        using var reader = cmd.ExecuteReader();
        while (reader.Read())
        {
            yield return Record(reader);
        }
    }

    /// <summary>UTC, fixed width, so that text order is time order in both stores.</summary>
    public static string Timestamp(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);

    /// <summary>The hash an explanation is stored under: SHA-256 of its UTF-8 text, lower-case hex.</summary>
    public static string TextHash(string text) => TextHash(Encoding.UTF8.GetBytes(text));

    /// <summary>The same, from the UTF-8 bytes.</summary>
    public static string TextHash(ReadOnlySpan<byte> utf8) => Convert.ToHexStringLower(SHA256.HashData(utf8));

    /// <summary>
    /// Computes record hashes: SHA-256 of the previous hash's 32 bytes followed by the canonical bytes (see the
    /// class summary), as lower-case hex. Reuses one buffer and one JSON writer; not thread-safe.
    /// </summary>
    public sealed class RecordHasher
    {
        private readonly ArrayBufferWriter<byte> _buffer = new(8192);
        private readonly Utf8JsonWriter _json;

        public RecordHasher() => _json = new Utf8JsonWriter(_buffer, new JsonWriterOptions { SkipValidation = true });

        public string Hash(string prevHash, string batchId, long lineNo, string lineId, string recordedAt, string? texts, ReadOnlySpan<byte> body)
        {
            _buffer.ResetWrittenCount();
            var prev = _buffer.GetSpan(32);
            if (Convert.FromHexString(prevHash, prev[..32], out _, out var written) != OperationStatus.Done || written != 32)
            {
                // A prev_hash that is not 64 hex digits cannot be what the chain wrote: hash its text so it fails.
                written = Encoding.UTF8.GetBytes(prevHash, _buffer.GetSpan(Encoding.UTF8.GetMaxByteCount(prevHash.Length)));
            }

            _buffer.Advance(written);
            _json.Reset();
            _json.WriteStartObject();
            _json.WriteString("batch", batchId);
            _json.WriteNumber("lineNo", lineNo);
            _json.WriteString("lineId", lineId);
            _json.WriteString("recordedAt", recordedAt);
            _json.WriteString("texts", texts);
            _json.WritePropertyName("body");
            _json.WriteRawValue(body, skipInputValidation: true);
            _json.WriteEndObject();
            _json.Flush();
            return Convert.ToHexStringLower(SHA256.HashData(_buffer.WrittenSpan));
        }
    }

    private static (long Seq, string Hash) Head(DbConnection db, DbTransaction tx)
    {
        using var cmd = db.Command(tx, "SELECT seq, hash FROM decision_log ORDER BY seq DESC LIMIT 1");
        using var r = cmd.ExecuteReader();
        return r.Read() ? (r.GetInt64(0), r.GetString(1)) : (0, GenesisHash);
    }

    /// <summary>A record with a valid hash of its own that does not chain to the record before it.</summary>
    private ChainBreak Misplaced(LoggedDecision r, LoggedDecision? before)
    {
        // Its own connection: the verifying one is still reading (PostgreSQL runs one command per connection at a time).
        using var db = store.Connect();
        var follows = db.Scalar(null, "SELECT seq FROM decision_log WHERE hash = @h", ("@h", r.PrevHash));
        var here = $"record {r.Seq}{Describe(r, " (", ")")}";
        if (follows is not null)
        {
            var s = Convert.ToInt64(follows, CultureInfo.InvariantCulture);
            return new ChainBreak(r.Seq, r.BatchId, r.LineNo, r.LineId, "reordered",
                $"{here} is out of order: it was written after record {s}, not after record {r.Seq - 1}");
        }

        // The record it chains to is in no row: the one before was rewritten (hash recomputed) or removed and the rest renumbered.
        return before is null
            ? new ChainBreak(r.Seq, r.BatchId, r.LineNo, r.LineId, "deleted", $"{here} chains to a record that is not in the log: the records before it were deleted")
            : new ChainBreak(before.Seq, before.BatchId, before.LineNo, before.LineId, "edited",
                $"record {before.Seq}{Describe(before, " (", ")")} was rewritten (or a record after it deleted and the rest renumbered): record {r.Seq} does not chain to it");
    }

    private static ChainVerification Broken(long count, LoggedDecision? before, ChainBreak b) =>
        new(count, before?.Seq ?? 0, before?.Hash ?? GenesisHash, b);

    private static string Describe(LoggedDecision r, string open, string close) => $"{open}batch {r.BatchId}, line {r.LineNo}, id {r.LineId}{close}";

    private static LoggedDecision Record(DbDataReader r) =>
        new(r.GetInt64(0), r.GetString(1), r.GetInt64(2), r.GetString(3), r.GetString(4), r.GetString(5), r.NullableString(6), r.GetString(7), r.GetString(8));
}
