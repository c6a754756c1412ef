using ComputeGate.Domain.Licensing;
using ComputeGate.Domain.Parties;
using ComputeGate.Store;

namespace ComputeGate.Application.Screening;

/// <summary>
/// A possible list match of a decided line (at the threshold, not an exact Entity List hit, which is decided) is a
/// case for a person: raised once per party and entry version, whichever face decided the line.
/// </summary>
public static class ListMatchCases
{
    /// <summary>Raises the cases for what <paramref name="decision"/> screened; returns the ids of the cases (new or already open).</summary>
    public static List<long> Raise(StoreSession store, ListScreening screening, Decision decision, string batchId, long lineNo)
    {
        var ids = new List<long>();
        if (decision.Screened.Count == 0 || screening.Screen is not { } screen)
        {
            return ids;
        }

        foreach (var s in decision.Screened.Where(s => s.Match.Score >= screen.Threshold && !screen.IsExactEntityListHit(s.GivenName, s.Match)))
        {
            var version = screening.EntryVersions.GetValueOrDefault((s.Match.List, s.Match.EntryId)) ?? "unknown";
            ids.Add(store.Cases.Raise(PartyName.Key(s.GivenName), s.GivenName, s.Match.List, s.Match.EntryId, version, Math.Round(s.Match.Score, 4), batchId, lineNo).Case.Id);
        }

        return ids;
    }
}
