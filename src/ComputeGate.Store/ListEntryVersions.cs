using ComputeGate.Store.Database;

namespace ComputeGate.Store;

/// <summary>The version (content hash) of every active list entry: what a review case is raised against.</summary>
public static class ListEntryVersions
{
    /// <summary>(list, entry id) → the SHA-256 of the active version's content.</summary>
    public static IReadOnlyDictionary<(string List, string EntryId), string> Active(StoreDatabase store)
    {
        using var db = store.Connect();
        using var cmd = db.Command(null, "SELECT list, entry_id, hash FROM list_entries WHERE to_snapshot IS NULL");
        using var r = cmd.ExecuteReader();
        var result = new Dictionary<(string, string), string>();
        while (r.Read())
        {
            result[(r.GetString(0), r.GetString(1))] = r.GetString(2);
        }

        return result;
    }
}
