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

    public bool Contains(CountryCode country, DateOnly date) => MembersOn(date).Contains(country);

    /// <summary>Unverified flags that bear on a country's membership on a date.</summary>
    public IEnumerable<string> UnverifiedFor(CountryCode country) =>
        Changes.Where(c => c.Unverified is not null && (c.Add.Contains(country) || c.Remove.Contains(country)))
            .Select(c => $"{Name} {country} ({c.Date:yyyy-MM-dd}): {c.Unverified}")
            .Concat(Unverified is null ? [] : [$"{Name}: {Unverified}"]);
}

/// <summary>All country groups, by name ("D:1", "D:4", "D:5", "A:5", "A:6", "AI-Tier-1").</summary>
public sealed class CountryGroups(IEnumerable<CountryGroup> groups)
{
    private readonly Dictionary<string, CountryGroup> _groups = groups.ToDictionary(g => g.Name, StringComparer.OrdinalIgnoreCase);

    public IReadOnlyCollection<CountryGroup> All => _groups.Values;

    public CountryGroup this[string name] =>
        _groups.TryGetValue(name, out var g) ? g : throw new KeyNotFoundException($"rules: no country group '{name}'");

    public bool Contains(string group, CountryCode country, DateOnly date) => this[group].Contains(country, date);
}
