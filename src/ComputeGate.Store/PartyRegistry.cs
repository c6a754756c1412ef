using ComputeGate.Store.Database;

namespace ComputeGate.Store;

/// <summary>A party the store has seen: its normalised name key, the name as first given, its country if known.</summary>
public sealed record StoredParty(string Key, string Name, string? Country);

/// <summary>
/// The parties of logged decisions (end users and consignees), kept once per name key, so that a change of a
/// restricted-party list can be checked against everyone the company has dealt with, not only new orders.
/// </summary>
public sealed class PartyRegistry(StoreDatabase store, TimeProvider clock)
{
    /// <summary>Adds the parties not seen before (a known key keeps its first name and country); returns how many were new.</summary>
    public int Remember(IReadOnlyCollection<StoredParty> parties)
    {
        if (parties.Count == 0)
        {
            return 0;
        }

        using var db = store.Connect();
        using var tx = db.BeginTransaction();
        var added = 0;
        var at = DecisionLog.Timestamp(clock.GetUtcNow());
        // One prepared statement for the group (a book brings up to a hundred thousand parties).
        using var insert = db.Command(tx, "INSERT INTO parties (party_key, name, country, first_seen) VALUES (@k, @n, @c, @t) ON CONFLICT (party_key) DO NOTHING",
            ("@k", ""), ("@n", ""), ("@c", ""), ("@t", at));
        insert.Prepare();
        foreach (var p in parties)
        {
            insert.Set("@k", p.Key);
            insert.Set("@n", p.Name);
            insert.Set("@c", p.Country);
            added += insert.ExecuteNonQuery();
        }

        tx.Commit();
        return added;
    }

    /// <summary>Every party seen, in key order.</summary>
    public IEnumerable<StoredParty> All()
    {
        using var db = store.Connect();
        using var cmd = db.Command(null, "SELECT party_key, name, country FROM parties ORDER BY party_key");
        using var r = cmd.ExecuteReader();
        while (r.Read())
        {
            yield return new StoredParty(r.GetString(0), r.GetString(1), r.IsDBNull(2) ? null : r.GetString(2));
        }
    }
}
