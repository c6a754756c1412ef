using ComputeGate.Domain.Parties;
using ComputeGate.Domain.Screening;
using ComputeGate.Store;

namespace ComputeGate.Application.Lists;

/// <summary>What re-screening the stored parties after a list import found.</summary>
/// <param name="Parties">Stored parties screened.</param>
/// <param name="ChangedEntries">Entries the import brought (inserted, updated, revived) that they were screened against.</param>
/// <param name="Matches">Matches at or above the threshold.</param>
/// <param name="NewCases">Review cases opened (a pair already raised for the same entry version, or cleared, is not raised again).</param>
public sealed record ListChangeResult(int Parties, int ChangedEntries, int Matches, int NewCases);

/// <summary>
/// After a list import, the parties the store has seen are screened again against the entries the import
/// changed only (not the whole list: an unchanged entry was screened when the party was first decided), and
/// every match at the threshold opens a review case for that entry version, exact Entity List hits included:
/// a party already shipped to that is now listed is exactly what a reviewer must see.
/// </summary>
public static class ListChangeScreening
{
    public static ListChangeResult Run(StoreSession store, IEnumerable<long> snapshots, LegalForms? legalForms, double threshold)
    {
        var changed = snapshots.SelectMany(store.Lists.Changed).ToList();
        var parties = store.Parties.All().ToList();
        if (changed.Count == 0 || parties.Count == 0)
        {
            return new ListChangeResult(parties.Count, changed.Count, 0, 0);
        }

        var versions = changed.ToDictionary(c => (c.Entry.List, c.Entry.EntryId), c => c.Version);
        var index = ScreeningIndex.Build(changed.Select(c => c.Entry), new NameNormalizer(legalForms));
        var cases = store.Cases;
        int matches = 0, opened = 0;
        foreach (var party in parties)
        {
            foreach (var m in index.Screen(party.Name, party.Country, threshold, max: 20))
            {
                matches++;
                opened += cases.Raise(party.Key, party.Name, m.List, m.EntryId, versions[(m.List, m.EntryId)], Math.Round(m.Score, 4)).Raised ? 1 : 0;
            }
        }

        return new ListChangeResult(parties.Count, changed.Count, matches, opened);
    }

    /// <summary>The parties of a decided line to remember: its end user and consignee, by name key.</summary>
    public static IEnumerable<StoredParty> PartiesOf(Domain.Licensing.OrderLine line)
    {
        if (!string.IsNullOrWhiteSpace(line.EndUser) && PartyName.Key(line.EndUser).Length > 0)
        {
            yield return new StoredParty(PartyName.Key(line.EndUser), line.EndUser.Trim(), line.EndUserCountry?.Value);
        }

        if (!string.IsNullOrWhiteSpace(line.Consignee) && PartyName.Key(line.Consignee).Length > 0)
        {
            yield return new StoredParty(PartyName.Key(line.Consignee), line.Consignee.Trim(), line.Destination.Value);
        }
    }
}
