namespace ComputeGate.Domain.Geography;

/// <summary>A dated change of a country group's membership.</summary>
public sealed record MembershipChange(
    DateOnly Date,
    IReadOnlyList<CountryCode> Add,
    IReadOnlyList<CountryCode> Remove,
    string Cite,
    string? Unverified);

/// <summary>
/// A country group of Supp. No. 1 to 15 CFR part 740 (or the AI Diffusion tiers) with its membership
/// over time: the initial members from <see cref="From"/>, then dated changes, each in force from its
/// date on (half-open ranges).
/// </summary>
public sealed record CountryGroup(
    string Name,
    string Description,
    DateOnly From,
    IReadOnlyList<CountryCode> Initial,
    string Cite,
    IReadOnlyList<MembershipChange> Changes,
    string? Unverified)
{
    public IReadOnlySet<CountryCode> MembersOn(DateOnly date)
    {
        var members = new HashSet<CountryCode>();
        if (date < From)
        {
            return members;
        }

        members.UnionWith(Initial);
        foreach (var change in Changes.Where(c => c.Date <= date).OrderBy(c => c.Date))
        {
            members.UnionWith(change.Add);
            members.ExceptWith(change.Remove);
        }

        return members;
    }

    private (DateOnly From, IReadOnlySet<CountryCode> Members)[]? _snapshots;

    /// <summary>Membership on a date, from precomputed snapshots (one per change): no allocation per call.</summary>
    public bool Contains(CountryCode country, DateOnly date)
    {
        var snapshots = _snapshots ??= Changes.Select(c => c.Date).Append(From).Where(d => d >= From).Distinct().Order()
            .Select(d => (d, MembersOn(d))).ToArray();
        for (var i = snapshots.Length - 1; i >= 0; i--)
        {
            if (snapshots[i].From <= date)
            {
                return snapshots[i].Members.Contains(country);
            }
        }

        return false;
    }

    /// <summary>Unverified flags that bear on a country's membership on a date.</summary>
    public IEnumerable<string> UnverifiedFor(CountryCode country) =>
        Changes.Where(c => c.Unverified is not null && (c.Add.Contains(country) || c.Remove.Contains(country)))
            .Select(c => $"{Name} {country} ({c.Date:yyyy-MM-dd}): {c.Unverified}")
            .Concat(Unverified is null ? [] : [$"{Name}: {Unverified}"]);
}

/// <summary>
/// All country groups, by name ("D:1", "D:4", "D:5", "A:5", "A:6", "E:1", "E:2", "AI-Tier-1"), and the
/// destinations the EAR treats as others (Hong Kong as China).
/// </summary>
public sealed class CountryGroups(IEnumerable<CountryGroup> groups, IEnumerable<TreatedAs>? treatedAs = null)
{
    private readonly Dictionary<string, CountryGroup> _groups = groups.ToDictionary(g => g.Name, StringComparer.OrdinalIgnoreCase);
    private readonly IReadOnlyList<TreatedAs> _treatedAs = treatedAs?.ToList() ?? [];

    public IReadOnlyCollection<CountryGroup> All => _groups.Values;
    public IReadOnlyList<TreatedAs> TreatedAs => _treatedAs;

    /// <summary>The destination as the EAR reads it on a date (HK → CN from 2020-12-23), and the rule that did it.</summary>
    public (CountryCode Country, TreatedAs? Rule) ForEar(CountryCode country, DateOnly date)
    {
        foreach (var rule in _treatedAs)
        {
            if (rule.Country == country && rule.From <= date)
            {
                return (rule.As, rule);
            }
        }

        return (country, null);
    }

    public bool Has(string name) => _groups.ContainsKey(name);

    /// <summary>Every date a membership changes or a group starts being modelled.</summary>
    public IEnumerable<DateOnly> ChangeDates() =>
        _groups.Values.SelectMany(g => g.Changes.Select(c => c.Date).Append(g.From)).Concat(_treatedAs.Select(t => t.From));

    public CountryGroup this[string name] =>
        _groups.TryGetValue(name, out var g) ? g : throw new KeyNotFoundException($"rules: no country group '{name}'");

    public bool Contains(string group, CountryCode country, DateOnly date) => this[group].Contains(country, date);
}
