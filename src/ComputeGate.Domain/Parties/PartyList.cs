using ComputeGate.Domain.Geography;
using ComputeGate.Domain.Law;

namespace ComputeGate.Domain.Parties;

/// <summary>
/// One entry of a restricted-party list (for now the BIS Entity List, 15 CFR 744 Supp. No. 4), with
/// what the order decision needs: the licence requirement, the review policy, the FR citations and
/// the date from which the party is listed.
/// </summary>
public sealed record ListedParty(
    string Id,
    string Name,
    IReadOnlyList<string> Aliases,
    CountryCode? Country,
    string? Address,
    DateOnly Listed,
    IReadOnlyList<string> FederalRegister,
    string LicenseRequirement,
    ReviewPolicy? ReviewPolicy,
    string? ReviewPolicyText,
    IReadOnlyList<int> Footnotes,
    string? Unverified)
{
    public IEnumerable<string> AllNames => Aliases.Prepend(Name);

    /// <summary>What a decision cites for this entry: "15 CFR 744 Supp. No. 4, entry 'Name' (FR cites)".</summary>
    public string Citation => $"15 CFR 744 Supp. No. 4, entry '{Name}' ({string.Join("; ", FederalRegister)})";
}

/// <summary>A party on a list, and the name that matched it.</summary>
public sealed record PartyHit(string Role, string GivenName, ListedParty Entry, string MatchedName);

/// <summary>
/// An immutable snapshot of a restricted-party list, matched exactly after <see cref="PartyName"/>
/// normalisation (fuzzy and cross-script matching come with the screening issue).
/// </summary>
public sealed class PartyList
{
    private readonly Dictionary<string, List<(ListedParty Entry, string Name)>> _byKey = new(StringComparer.Ordinal);

    public PartyList(string listId, string title, string snapshot, IEnumerable<ListedParty> entries)
    {
        ListId = listId;
        Title = title;
        Snapshot = snapshot;
        Entries = entries.ToList();
        foreach (var entry in Entries)
        {
            foreach (var name in entry.AllNames)
            {
                var key = PartyName.Key(name);
                if (key.Length == 0)
                {
                    continue;
                }

                if (!_byKey.TryGetValue(key, out var list))
                {
                    _byKey[key] = list = [];
                }

                if (!list.Any(l => l.Entry.Id == entry.Id))
                {
                    list.Add((entry, name));
                }
            }
        }
    }

    public static PartyList Empty(string snapshot) => new("none", "no list loaded", snapshot, []);

    public string ListId { get; }
    public string Title { get; }

    /// <summary>What decisions cite as the list snapshot.</summary>
    public string Snapshot { get; }
    public IReadOnlyList<ListedParty> Entries { get; }

    /// <summary>Every date an entry starts to apply.</summary>
    public IEnumerable<DateOnly> ChangeDates => Entries.Select(e => e.Listed).Distinct();

    /// <summary>Entries listed on the date whose name or alias equals the given name after normalisation.</summary>
    public IReadOnlyList<PartyHit> Find(string role, string? name, DateOnly date) => FindByKey(role, name, PartyName.Key(name), date);

    /// <summary>As <see cref="Find"/>, with the <see cref="PartyName.Key"/> of the name already computed.</summary>
    public IReadOnlyList<PartyHit> FindByKey(string role, string? name, string key, DateOnly date)
    {
        if (key.Length == 0 || !_byKey.TryGetValue(key, out var matches))
        {
            return [];
        }

        return matches.Where(m => m.Entry.Listed <= date).Select(m => new PartyHit(role, name!, m.Entry, m.Name)).ToList();
    }
}
