namespace ComputeGate.Domain.Geography;

/// <summary>
/// A set of destinations defined the way the EAR defines them: members of some country groups and
/// named countries, minus members of other groups and named countries, each group's membership taken
/// on the date asked (e.g. "D:1, D:4 or D:5 not also in A:5 or A:6, and Macau"). Immutable.
/// </summary>
public sealed record DestinationSet(
    IReadOnlyList<string> Groups,
    IReadOnlyList<string> ExceptGroups,
    IReadOnlyList<CountryCode> Countries,
    IReadOnlyList<CountryCode> ExceptCountries,
    bool Worldwide)
{
    // Membership and its explanation per (country, date), remembered: decisions ask the same few
    // questions millions of times. Bounded; thread-safe. (Not part of the record's equality.)
    private readonly System.Collections.Concurrent.ConcurrentDictionary<(CountryCode, DateOnly), (bool In, string Why)> _memo = new();

    private (bool In, string Why) Answer(CountryCode country, DateOnly date, CountryGroups groups)
    {
        if (_memo.TryGetValue((country, date), out var a))
        {
            return a;
        }

        if (_memo.Count >= 100_000)
        {
            _memo.Clear();
        }

        a = (Compute(country, date, groups), ComputeExplain(country, date, groups));
        _memo[(country, date)] = a;
        return a;
    }

    public bool Contains(CountryCode country, DateOnly date, CountryGroups groups) => Answer(country, date, groups).In;

    /// <summary>
    /// The same set with nothing remembered: for a rule book whose country groups differ (a scenario).
    /// (<c>with</c> would share the remembered answers.)
    /// </summary>
    public DestinationSet Copy() => new(Groups, ExceptGroups, Countries, ExceptCountries, Worldwide);

    private bool Compute(CountryCode country, DateOnly date, CountryGroups groups)
    {
        if (ExceptCountries.Contains(country) || ExceptGroups.Any(g => groups.Contains(g, country, date)))
        {
            return false;
        }

        return Worldwide || Countries.Contains(country) || Groups.Any(g => groups.Contains(g, country, date));
    }

    /// <summary>Why a country is in the set or not, in words ("CN is in D:1", "IL is in A:6, excluded").</summary>
    public string Explain(CountryCode country, DateOnly date, CountryGroups groups) => Answer(country, date, groups).Why;

    private string ComputeExplain(CountryCode country, DateOnly date, CountryGroups groups)
    {
        var exceptGroup = ExceptGroups.FirstOrDefault(g => groups.Contains(g, country, date));
        if (ExceptCountries.Contains(country))
        {
            return $"{country} is excluded by name";
        }

        if (exceptGroup is not null)
        {
            var inGroups = Groups.Where(g => groups.Contains(g, country, date)).ToList();
            return inGroups.Count > 0
                ? $"{country} is in {string.Join(", ", inGroups)} but also in {exceptGroup}, which is excluded"
                : $"{country} is in {exceptGroup}, which is excluded";
        }

        if (Worldwide)
        {
            return $"{country}: any destination worldwide";
        }

        if (Countries.Contains(country))
        {
            return $"{country} is named";
        }

        var member = Groups.Where(g => groups.Contains(g, country, date)).ToList();
        return member.Count > 0
            ? $"{country} is in {string.Join(", ", member)}"
            : Groups.Count > 0 ? $"{country} is not in {string.Join(", ", Groups)}{(Countries.Count > 0 ? $" and not {string.Join(", ", Countries)}" : "")}" : $"{country} is not {string.Join(", ", Countries)}";
    }

    /// <summary>"D:1, D:4, D:5 except A:5, A:6; plus MO".</summary>
    private string? _description;

    public string Describe() => _description ??= ComputeDescribe();

    private string ComputeDescribe()
    {
        if (Worldwide)
        {
            return "any destination worldwide";
        }

        var parts = new List<string>();
        if (Groups.Count > 0)
        {
            parts.Add(string.Join(", ", Groups) + (ExceptGroups.Count > 0 ? $" except {string.Join(", ", ExceptGroups)}" : ""));
        }

        if (Countries.Count > 0)
        {
            parts.Add((Groups.Count > 0 ? "plus " : "") + string.Join(", ", Countries));
        }

        if (ExceptCountries.Count > 0)
        {
            parts.Add($"except {string.Join(", ", ExceptCountries)}");
        }

        return string.Join("; ", parts);
    }

    public bool Equals(DestinationSet? other) =>
        other is not null && Worldwide == other.Worldwide && Groups.SequenceEqual(other.Groups) && ExceptGroups.SequenceEqual(other.ExceptGroups)
        && Countries.SequenceEqual(other.Countries) && ExceptCountries.SequenceEqual(other.ExceptCountries);

    public override int GetHashCode() => HashCode.Combine(Worldwide, string.Join(",", Groups), string.Join(",", Countries));

    /// <summary>Country groups this set reads (so callers know whose membership changes matter).</summary>
    public IEnumerable<string> GroupNames => Groups.Concat(ExceptGroups);

    public override string ToString() => Describe();
}

/// <summary>A destination the EAR treats as another from a date (Hong Kong as China from 2020-12-23).</summary>
public sealed record TreatedAs(CountryCode Country, CountryCode As, DateOnly From, string Cite, string? Unverified);
