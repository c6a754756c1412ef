using ComputeGate.Domain.Geography;

namespace ComputeGate.Domain.Law;

/// <summary>
/// The whole law as data: instruments, parameters with their histories, country groups. Immutable.
/// <see cref="On"/> gives the rule set in force on a date; nothing reads a "current" value.
/// </summary>
public sealed class RuleBook
{
    private readonly Dictionary<string, Parameter> _parameters;
    private readonly Dictionary<string, Instrument> _instruments;

    public RuleBook(
        string version,
        IEnumerable<Instrument> instruments,
        IEnumerable<Parameter> parameters,
        CountryGroups countryGroups,
        IEnumerable<IsInformedLetter>? letters = null,
        IEnumerable<ItemGuidance>? guidance = null)
    {
        Version = version;
        Letters = letters?.ToList() ?? [];
        Guidance = guidance?.ToList() ?? [];
        _instruments = instruments.ToDictionary(i => i.Id, StringComparer.Ordinal);
        _parameters = parameters.ToDictionary(p => p.Name, StringComparer.Ordinal);
        CountryGroups = countryGroups;
    }

    /// <summary>Identifies the rule data: a release name and a content hash.</summary>
    public string Version { get; }
    public CountryGroups CountryGroups { get; }

    /// <summary>Is-informed letters to single exporters (rules/overlays.yaml).</summary>
    public IReadOnlyList<IsInformedLetter> Letters { get; }

    /// <summary>Guidance naming items (GP10 on Huawei Ascend).</summary>
    public IReadOnlyList<ItemGuidance> Guidance { get; }
    public IReadOnlyCollection<Parameter> Parameters => _parameters.Values;
    public IReadOnlyCollection<Instrument> Instruments => _instruments.Values;

    public Parameter Parameter(string name) =>
        _parameters.TryGetValue(name, out var p)
            ? p
            : throw new KeyNotFoundException($"rules: no parameter named '{name}'");

    public bool HasParameter(string name) => _parameters.ContainsKey(name);

    public Instrument Instrument(string id) =>
        _instruments.TryGetValue(id, out var i)
            ? i
            : throw new KeyNotFoundException($"rules: no instrument with id '{id}'");

    public RuleSet On(DateOnly date) => new(this, date);

    /// <summary>
    /// Every date on which something in the law changed: a parameter entry, an instrument taking
    /// effect, a compliance date, an enforcement change. Sorted, distinct.
    /// </summary>
    public IReadOnlyList<DateOnly> ChangeDates() =>
        _parameters.Values.SelectMany(p => p.History.Select(h => h.Effective))
            .Concat(_instruments.Values.SelectMany(i => i.Enforcement.Select(e => e.From)))
            .Concat(_instruments.Values.Where(i => i.Compliance is not null).Select(i => i.Compliance!.Value))
            .Distinct()
            .Order()
            .ToList();

    /// <summary>
    /// Every date on which a licence decision can change because of the law: <see cref="ChangeDates"/>,
    /// country-group changes, the Hong Kong rule, letters starting or ending (the day after their last
    /// day), guidance, and instruments taking effect. Between two of these dates a decision that depends
    /// only on the law is the same. Sorted, distinct.
    /// </summary>
    public IReadOnlyList<DateOnly> DecisionChangeDates() =>
        ChangeDates()
            .Concat(CountryGroups.ChangeDates())
            .Concat(Letters.Select(l => l.From))
            .Concat(Letters.Where(l => l.Until is not null).Select(l => l.Until!.Value.AddDays(1)))
            .Concat(Guidance.Select(g => g.From))
            .Concat(_instruments.Values.Select(i => i.Effective))
            .Distinct()
            .Order()
            .ToList();
}

/// <summary>The law in force on one date. Formulas read parameters through it, never globally.</summary>
public sealed class RuleSet
{
    private readonly RuleBook _book;

    internal RuleSet(RuleBook book, DateOnly date)
    {
        _book = book;
        Date = date;
    }

    public DateOnly Date { get; }
    public string Version => _book.Version;
    public RuleBook Book => _book;

    /// <summary>The entry in force for a parameter, or null when it did not exist on this date.</summary>
    public ParameterEntry? Entry(string name) => _book.Parameter(name).On(Date);

    public decimal? Number(string name) => Entry(name)?.Value?.Number;

    public string? Text(string name) => Entry(name)?.Value?.Text;

    /// <summary>A destination set in force on this date, or null when the parameter did not exist.</summary>
    public Geography.DestinationSet? Set(string name) => Entry(name)?.Value?.Set;

    /// <summary>True when the set in force contains the country (false when the parameter did not exist).</summary>
    public bool InSet(string name, Geography.CountryCode country) =>
        Set(name) is { } set && set.Contains(country, Date, _book.CountryGroups);

    /// <summary>A number that must exist on this date (the caller checked the regime).</summary>
    public decimal Required(string name) =>
        Number(name) ?? throw new InvalidOperationException($"rules: parameter '{name}' has no value on {Date:yyyy-MM-dd}");
}
