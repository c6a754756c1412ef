using ComputeGate.Domain.Law;
using ComputeGate.Domain.Screening;

namespace ComputeGate.Domain.Parties;

/// <summary>
/// Fuzzy screening of the parties of an order line against loaded restricted-party lists (the screening
/// index). A match at or above <see cref="ScreeningIndex.DefaultThreshold"/> (or the one given) is either an exact hit on an
/// Entity List entry (score 1 after normalisation: the entry's licence requirement applies) or a possible
/// hit that a person must confirm or clear (REVIEW, with the candidate named).
/// </summary>
/// <param name="entityLists">The ids of the lists whose entries carry an EAR licence requirement (the Entity List, as imported or via the CSL); the list readers name them.</param>
public sealed class PartyScreen(ScreeningIndex index, string snapshot, IReadOnlySet<string> entityLists, double threshold = ScreeningIndex.DefaultThreshold)
{
    /// <summary>The lists whose exact hits are Entity List hits.</summary>
    public IReadOnlySet<string> EntityLists => entityLists;

    /// <summary>What decisions cite: the snapshots of the loaded lists.</summary>
    public string Snapshot => snapshot;
    public double Threshold => threshold;

    private long _screenings;

    /// <summary>How many names this screen has screened (a counter: a line must be screened once, not once per use).</summary>
    public long Screenings => Interlocked.Read(ref _screenings);

    public IReadOnlyList<Match> Screen(string name, string? country)
    {
        Interlocked.Increment(ref _screenings);
        return index.Screen(name, country, threshold, max: 3);
    }

    /// <summary>
    /// An exact Entity List hit: the given name and the matched name are the same after normalisation
    /// (case, punctuation, diacritics, script, legal form, word order). A score of 1 is not enough: the
    /// country bonus can lift a one-typo match to 1.
    /// </summary>
    public bool IsExactEntityListHit(string givenName, Match m) =>
        entityLists.Contains(m.List)
        && index.Normalizer.Normalize(givenName) is { IsEmpty: false } given
        && given.TokenSet.SequenceEqual(index.Normalizer.Normalize(m.MatchedName).TokenSet);

    /// <summary>The listed party as the order decision reads it; the listing date is the entry's start date (none: treated as listed).</summary>
    public static ListedParty AsListedParty(Match m)
    {
        var e = m.Entry;
        var policy = ReviewPolicies.FromListText(e.LicensePolicy);
        Geography.CountryCode? country = e.Countries.Count > 0 && Geography.CountryCode.TryParse(e.Countries[0], out var c) && e.Countries[0].Length == 2 ? c : null;
        return new ListedParty(
            $"{e.List}:{e.EntryId}", e.PrimaryName, e.Names.Skip(1).Select(n => n.Name).ToList(), country, e.Addresses.FirstOrDefault(),
            e.StartDate ?? DateOnly.MinValue, e.FederalRegister is null ? [] : [e.FederalRegister], e.LicenseRequirement ?? "For all items subject to the EAR (licence requirement column not given)",
            policy, e.LicensePolicy, e.Footnotes, e.StartDate is null ? "the entry gives no listing date; treated as listed on every date" : null);
    }
}
