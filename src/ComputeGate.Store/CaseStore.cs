using System.Data.Common;
using ComputeGate.Store.Database;

namespace ComputeGate.Store;

/// <summary>How a person resolved a case.</summary>
public enum CaseResolution
{
    /// <summary>The party is the listed entry: a hit.</summary>
    Confirmed,

    /// <summary>The party is not the listed entry: a false positive, not raised again for this entry version.</summary>
    Cleared,
}

/// <summary>
/// A possible match under review: the party (its normalised key and the name as given), the list entry and
/// its version, the score, when and from which line it was raised, and its resolution once a person made one.
/// </summary>
public sealed record ReviewCase(
    long Id, string PartyKey, string PartyName, string List, string EntryId, string EntryVersion, double Score, string RaisedAt,
    string? BatchId, long? LineNo, CaseResolution? Resolution, string? ResolvedBy, string? Reason, string? ResolvedAt)
{
    public bool Open => Resolution is null;
}

/// <summary>
/// The review queue in the store. A (party, entry version) pair is raised once: raising it again returns the
/// case there is (open, confirmed or cleared), so a cleared pair is not raised again until the list entry
/// changes. A case is resolved once, with who and why; cases and resolutions are never changed or deleted.
/// </summary>
public sealed class CaseStore(StoreDatabase store, TimeProvider clock)
{
    private const string Select = """
        SELECT c.id, c.party_key, c.party_name, c.list, c.entry_id, c.entry_version, c.score, c.raised_at, c.batch_id, c.line_no,
               r.resolution, r.resolved_by, r.reason, r.resolved_at
        FROM review_cases c LEFT JOIN case_resolutions r ON r.case_id = c.id
        """;

    /// <summary>Raises a case for the pair unless one exists for this entry version; returns the case and whether it is new.</summary>
    public (ReviewCase Case, bool Raised) Raise(string partyKey, string partyName, string list, string entryId, string entryVersion, double score, string? batchId = null, long? lineNo = null)
    {
        using var db = store.Connect();
        var inserted = db.Exec(null, """
            INSERT INTO review_cases (party_key, party_name, list, entry_id, entry_version, score, raised_at, batch_id, line_no)
            VALUES (@k, @n, @l, @e, @v, @s, @t, @b, @i)
            ON CONFLICT (party_key, list, entry_id, entry_version) DO NOTHING
            """,
            ("@k", partyKey), ("@n", partyName), ("@l", list), ("@e", entryId), ("@v", entryVersion), ("@s", score),
            ("@t", DecisionLog.Timestamp(clock.GetUtcNow())), ("@b", batchId), ("@i", lineNo));
        var found = Query(db, " WHERE c.party_key = @k AND c.list = @l AND c.entry_id = @e AND c.entry_version = @v",
            ("@k", partyKey), ("@l", list), ("@e", entryId), ("@v", entryVersion)).Single();
        return (found, inserted == 1);
    }

    /// <summary>Confirms or clears an open case. Throws when the case does not exist or was already resolved, or who or why is missing.</summary>
    /// <summary>
    /// The list name of cases raised by a REVIEW verdict rather than by a screening hit: the "entry" is the
    /// logged line (<c>batch:line</c>) and its version the rule set it was decided under.
    /// </summary>
    public const string DecisionList = "decision";

    /// <summary>One REVIEW line to raise as a case.</summary>
    public sealed record DecisionCase(string PartyKey, string PartyName, string BatchId, long LineNo, string RuleSet);

    /// <summary>Raises a case per REVIEW line, in one transaction (a line already raised is not raised again); returns how many were new.</summary>
    public int RaiseDecisions(IReadOnlyCollection<DecisionCase> lines)
    {
        if (lines.Count == 0)
        {
            return 0;
        }

        using var db = store.Connect();
        using var tx = db.BeginTransaction();
        var raised = 0;
        var at = DecisionLog.Timestamp(clock.GetUtcNow());
        using var insert = db.Command(tx, """
            INSERT INTO review_cases (party_key, party_name, list, entry_id, entry_version, score, raised_at, batch_id, line_no)
            VALUES (@k, @n, @l, @e, @v, 0, @t, @b, @i)
            ON CONFLICT (party_key, list, entry_id, entry_version) DO NOTHING
            """,
            ("@k", ""), ("@n", ""), ("@l", DecisionList), ("@e", ""), ("@v", ""), ("@t", at), ("@b", ""), ("@i", 0L));
        insert.Prepare();
        foreach (var l in lines)
        {
            insert.Set("@k", l.PartyKey);
            insert.Set("@n", l.PartyName);
            insert.Set("@e", $"{l.BatchId}:{l.LineNo}");
            insert.Set("@v", l.RuleSet);
            insert.Set("@b", l.BatchId);
            insert.Set("@i", l.LineNo);
            raised += insert.ExecuteNonQuery();
        }

        tx.Commit();
        return raised;
    }

    public ReviewCase Resolve(long id, CaseResolution resolution, string who, string why)
    {
        if (string.IsNullOrWhiteSpace(who) || string.IsNullOrWhiteSpace(why))
        {
            throw new ArgumentException("a resolution says who made it and why");
        }

        using var db = store.Connect();
        var existing = Get(db, id) ?? throw new InvalidOperationException($"case {id} does not exist");
        var written = db.Exec(null, "INSERT INTO case_resolutions (case_id, resolution, resolved_by, reason, resolved_at) VALUES (@c, @r, @w, @y, @t) ON CONFLICT (case_id) DO NOTHING",
            ("@c", id), ("@r", resolution == CaseResolution.Confirmed ? "confirmed" : "cleared"), ("@w", who.Trim()), ("@y", why.Trim()), ("@t", DecisionLog.Timestamp(clock.GetUtcNow())));
        var now = Get(db, id)!;
        if (written == 0)
        {
            throw new InvalidOperationException($"case {id} ({existing.PartyName} / {existing.List} {existing.EntryId}) was already {now.Resolution?.ToString().ToLowerInvariant()} by {now.ResolvedBy} at {now.ResolvedAt}");
        }

        return now;
    }

    /// <summary>The cases no one has resolved yet, oldest first.</summary>
    /// <summary>The cases raised by the lines of a batch, open or resolved (to show them with the logged decisions).</summary>
    public IReadOnlyList<ReviewCase> OfBatch(string batchId)
    {
        using var db = store.Connect();
        return Query(db, " WHERE c.batch_id = @b ORDER BY c.id", ("@b", batchId)).ToList();
    }

    public IReadOnlyList<ReviewCase> OpenCases()
    {
        using var db = store.Connect();
        return Query(db, " WHERE r.case_id IS NULL ORDER BY c.id");
    }

    public ReviewCase? Get(long id)
    {
        using var db = store.Connect();
        return Get(db, id);
    }

    private static ReviewCase? Get(DbConnection db, long id) => Query(db, " WHERE c.id = @id", ("@id", id)).SingleOrDefault();

    private static List<ReviewCase> Query(DbConnection db, string where, params (string, object?)[] args)
    {
        using var cmd = db.Command(null, Select + where, args);
        using var r = cmd.ExecuteReader();
        var result = new List<ReviewCase>();
        while (r.Read())
        {
            result.Add(new ReviewCase(r.GetInt64(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4), r.GetString(5), r.GetDouble(6), r.GetString(7),
                r.NullableString(8), r.NullableInt64(9),
                r.NullableString(10) switch { "confirmed" => CaseResolution.Confirmed, "cleared" => CaseResolution.Cleared, _ => null },
                r.NullableString(11), r.NullableString(12), r.NullableString(13)));
        }

        return result;
    }
}
