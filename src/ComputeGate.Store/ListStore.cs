using System.Data.Common;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using ComputeGate.Domain.Screening;
using ComputeGate.Store.Database;

namespace ComputeGate.Store;

/// <summary>What one import did to one list (Jube-style import audit).</summary>
public sealed record ImportAudit(
    long Snapshot,
    string List,
    int Entries,
    int Inserted,
    int Updated,
    int Unchanged,
    int Revived,
    int Removed,
    int Rejected);

/// <summary>A list as loaded now: its latest snapshot, when and from what it came, how many entries are active.</summary>
public sealed record ListStatus(string List, long Snapshot, string Format, string SourceFile, string SourceSha256, DateTimeOffset ImportedAt, int ActiveEntries, TimeSpan Age);

/// <summary>An import the store refused; nothing was changed.</summary>
public sealed class ImportRefused(string message) : Exception(message);

/// <summary>
/// Restricted-party lists in the store (SQLite or PostgreSQL), as versioned snapshots. Every import of a file is one
/// transaction: per list in the file, entries new to it are inserted, changed ones get a new version,
/// entries missing from the file are closed (removed), and entries that come back after a removal are
/// revived. An empty file, or one that would remove more than half of a list's active entries, is
/// refused and changes nothing (a truncated download must never empty a list); the caller may allow
/// a mass removal explicitly. Entry versions are never deleted: any past snapshot can be read back.
/// </summary>
public sealed class ListStore : IDisposable
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = false };

    /// <summary>A list losing more than this share of its active entries in one import is refused unless allowed.</summary>
    public const double MassRemovalShare = 0.5;

    private readonly StoreDatabase _store;
    private readonly bool _owned;

    /// <summary>The lists of an open store (the caller keeps owning it).</summary>
    public ListStore(StoreDatabase store) => _store = store;

    private ListStore(StoreDatabase store, bool owned)
    {
        _store = store;
        _owned = owned;
    }

    /// <summary>Opens (creating if needed) the store at <paramref name="location"/> (a SQLite file or a PostgreSQL connection string) and applies pending migrations.</summary>
    public static ListStore Open(string location, TimeProvider? clock = null) => new(StoreDatabase.Open(location, clock ?? TimeProvider.System), owned: true);

    public void Dispose()
    {
        if (_owned)
        {
            _store.Dispose();
        }
    }

    /// <summary>Imports a parsed file; one audit per list it contains. Throws <see cref="ImportRefused"/> and changes nothing when refused.</summary>
    public IReadOnlyList<ImportAudit> Import(ParsedList parsed, string sourceFile, string sourceSha256, DateTimeOffset at, bool allowMassRemoval = false)
    {
        if (parsed.Entries.Count == 0)
        {
            throw new ImportRefused($"{sourceFile}: no entries could be read ({parsed.Rejected.Count} rows rejected); nothing was changed");
        }

        using var db = _store.Connect();
        using var tx = _store.Dialect.BeginWrite(db, "lists");
        var importId = db.Int64(tx,
            "INSERT INTO imports (format, source_file, source_sha256, imported_at, rejected) VALUES (@f, @s, @h, @t, @r) RETURNING id",
            ("@f", parsed.Format), ("@s", sourceFile), ("@h", sourceSha256), ("@t", at.ToString("O", System.Globalization.CultureInfo.InvariantCulture)), ("@r", parsed.Rejected.Count));
        foreach (var r in parsed.Rejected)
        {
            db.Exec(tx, "INSERT INTO rejected_rows (import_id, file, line, field, reason) VALUES (@i, @f, @l, @d, @r)",
                ("@i", importId), ("@f", r.File), ("@l", r.Line), ("@d", r.Field), ("@r", r.Reason));
        }

        var audits = new List<ImportAudit>();
        foreach (var group in parsed.Entries.GroupBy(e => e.List).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            audits.Add(ImportList(db, tx, importId, group.Key, group.ToList(), parsed.Rejected.Count, sourceFile, allowMassRemoval));
        }

        tx.Commit();
        return audits;
    }

    private static ImportAudit ImportList(DbConnection db, DbTransaction tx, long importId, string list, IReadOnlyList<ListEntry> entries, int rejected, string sourceFile, bool allowMassRemoval)
    {
        // The active version of every entry of the list, and the ids that were removed before.
        var active = new Dictionary<string, string>(StringComparer.Ordinal);
        using (var cmd = db.Command(tx, "SELECT entry_id, hash FROM list_entries WHERE list = @l AND to_snapshot IS NULL", ("@l", list)))
        using (var r = cmd.ExecuteReader())
        {
            while (r.Read())
            {
                active[r.GetString(0)] = r.GetString(1);
            }
        }

        var known = new HashSet<string>(StringComparer.Ordinal);
        using (var cmd = db.Command(tx, "SELECT DISTINCT entry_id FROM list_entries WHERE list = @l", ("@l", list)))
        using (var r = cmd.ExecuteReader())
        {
            while (r.Read())
            {
                known.Add(r.GetString(0));
            }
        }

        // Later duplicates of an id in one file replace earlier ones (the file is the authority).
        var incoming = new Dictionary<string, (string Hash, string Data)>(StringComparer.Ordinal);
        foreach (var e in entries)
        {
            var data = JsonSerializer.Serialize(e, Json);
            incoming[e.EntryId] = (Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(data))), data);
        }

        var removedIds = active.Keys.Where(id => !incoming.ContainsKey(id)).ToList();
        if (!allowMassRemoval && active.Count >= 10 && removedIds.Count > active.Count * MassRemovalShare)
        {
            throw new ImportRefused($"{sourceFile}: importing it would remove {removedIds.Count} of the {active.Count} active entries of list '{list}' (more than {MassRemovalShare:P0}); a truncated or wrong file is the likely cause. Nothing was changed; allow a mass removal explicitly if it is intended");
        }

        var snapshot = db.Int64(tx,
            "INSERT INTO list_snapshots (import_id, list, entries, inserted, updated, unchanged, revived, removed) VALUES (@i, @l, 0, 0, 0, 0, 0, 0) RETURNING id",
            ("@i", importId), ("@l", list));
        int inserted = 0, updated = 0, unchanged = 0, revived = 0;

        // One prepared statement per kind of change, reused for every entry.
        using var close = db.Command(tx, "UPDATE list_entries SET to_snapshot = @s WHERE list = @l AND entry_id = @e AND to_snapshot IS NULL", ("@s", snapshot), ("@l", list), ("@e", ""));
        using var insert = db.Command(tx, "INSERT INTO list_entries (list, entry_id, hash, data, from_snapshot, to_snapshot) VALUES (@l, @e, @h, @d, @s, NULL)",
            ("@l", list), ("@e", ""), ("@h", ""), ("@d", ""), ("@s", snapshot));
        close.Prepare();
        insert.Prepare();
        void Close(string id)
        {
            close.Set("@e", id);
            close.ExecuteNonQuery();
        }

        foreach (var (id, (hash, data)) in incoming)
        {
            if (active.TryGetValue(id, out var old))
            {
                if (old == hash)
                {
                    unchanged++;
                    continue;
                }

                Close(id);
                updated++;
            }
            else if (known.Contains(id))
            {
                revived++;
            }
            else
            {
                inserted++;
            }

            insert.Set("@e", id);
            insert.Set("@h", hash);
            insert.Set("@d", data);
            insert.ExecuteNonQuery();
        }

        foreach (var id in removedIds)
        {
            Close(id);
        }

        db.Exec(tx, "UPDATE list_snapshots SET entries = @n, inserted = @a, updated = @u, unchanged = @c, revived = @v, removed = @r WHERE id = @s",
            ("@n", incoming.Count), ("@a", inserted), ("@u", updated), ("@c", unchanged), ("@v", revived), ("@r", removedIds.Count), ("@s", snapshot));
        return new ImportAudit(snapshot, list, incoming.Count, inserted, updated, unchanged, revived, removedIds.Count, rejected);
    }

    /// <summary>Every list with its latest snapshot and the number of active entries.</summary>
    public IReadOnlyList<ListStatus> Status(DateTimeOffset now)
    {
        const string sql = """
            SELECT s.list, s.id, i.format, i.source_file, i.source_sha256, i.imported_at,
                   (SELECT COUNT(*) FROM list_entries e WHERE e.list = s.list AND e.to_snapshot IS NULL)
            FROM list_snapshots s JOIN imports i ON i.id = s.import_id
            WHERE s.id = (SELECT MAX(id) FROM list_snapshots x WHERE x.list = s.list)
            ORDER BY s.list
            """;
        var result = new List<ListStatus>();
        using var db = _store.Connect();
        using var cmd = db.Command(null, sql);
        using var r = cmd.ExecuteReader();
        while (r.Read())
        {
            var at = DateTimeOffset.Parse(r.GetString(5), System.Globalization.CultureInfo.InvariantCulture);
            result.Add(new ListStatus(r.GetString(0), r.GetInt64(1), r.GetString(2), r.GetString(3), r.GetString(4), at, r.GetInt32(6), now - at));
        }

        return result;
    }

    /// <summary>The active entries (of one list, or of all), as of the latest snapshots.</summary>
    public IEnumerable<ListEntry> ActiveEntries(string? list = null)
    {
        using var db = _store.Connect();
        using var cmd = list is null
            ? db.Command(null, "SELECT data FROM list_entries WHERE to_snapshot IS NULL ORDER BY list, entry_id")
            : db.Command(null, "SELECT data FROM list_entries WHERE list = @l AND to_snapshot IS NULL ORDER BY entry_id", ("@l", list));
        using var r = cmd.ExecuteReader();
        while (r.Read())
        {
            yield return JsonSerializer.Deserialize<ListEntry>(r.GetString(0), Json)!;
        }
    }

    /// <summary>
    /// The entries a snapshot brought (inserted, updated or revived: a new version from that snapshot) that are
    /// still active, each with its version (the hash the review cases name).
    /// </summary>
    public IReadOnlyList<(ListEntry Entry, string Version)> Changed(long snapshot)
    {
        using var db = _store.Connect();
        using var cmd = db.Command(null, "SELECT data, hash FROM list_entries WHERE from_snapshot = @s AND to_snapshot IS NULL ORDER BY list, entry_id", ("@s", snapshot));
        using var r = cmd.ExecuteReader();
        var result = new List<(ListEntry, string)>();
        while (r.Read())
        {
            result.Add((JsonSerializer.Deserialize<ListEntry>(r.GetString(0), Json)!, r.GetString(1)));
        }

        return result;
    }

    /// <summary>The rows an import rejected, with file, line, field and reason.</summary>
    public IReadOnlyList<RejectedRow> Rejected(long snapshot)
    {
        var result = new List<RejectedRow>();
        // In file order (PostgreSQL has no rowid; the rows of one import are told apart by file and line).
        using var db = _store.Connect();
        using var cmd = db.Command(null, "SELECT file, line, field, reason FROM rejected_rows WHERE import_id = (SELECT import_id FROM list_snapshots WHERE id = @s) ORDER BY file, line", ("@s", snapshot));
        using var r = cmd.ExecuteReader();
        while (r.Read())
        {
            result.Add(new RejectedRow(r.GetString(0), r.GetInt32(1), r.GetString(2), r.GetString(3)));
        }

        return result;
    }
}
