using ComputeGate.Domain.Classification;
using ComputeGate.Domain.Geography;
using ComputeGate.Domain.Items;
using ComputeGate.Domain.Law;
using ComputeGate.Domain.Parties;

namespace ComputeGate.Domain.Licensing;

/// <summary>
/// Decides the lines of one order book in order. Holds what depends on earlier lines: the balances of
/// the held licences (drawn down by each line they cover) and, under AI Diffusion as written, the LPP
/// allowance used per ultimate consignee and calendar year. Reuses classifications per (item, period of
/// the law) and rulings per set of facts, so memory does not grow with the number of lines beyond
/// those bounded caches. Not thread-safe: one book, one decider.
/// </summary>
public sealed class OrderBookDecider
{
    // Rulings share their strings and steps (pooled); a ruling costs about 0.6 KB of its own. A miss costs
    // ~15 µs (BENCHMARKS.md), so a cache far smaller than the ~200,000 distinct fact sets of the generated
    // 1,000,000-line book keeps both time and memory within budget.
    private const int MaxCachedRulings = 30_000;

    private readonly OrderLineDecider _decider;
    private readonly Classifier _classifier;
    private readonly DecisionMode _mode;
    private readonly IReadOnlyList<HeldLicense> _licenses;
    private readonly ILicenseLedger _ledger;
    private readonly Dictionary<(string Consignee, int Year), decimal> _lppUsed = [];
    private readonly DateOnly[] _periods;
    private readonly Dictionary<Item, ClassificationResult?[]> _classifications = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<RulingKey, OrderLineDecider.Ruling> _rulings = [];
    private readonly Dictionary<string, string> _exporterSignatures = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _nameKeys = new(StringComparer.Ordinal);
    private readonly Dictionary<(string, string?), IReadOnlyList<Screening.Match>> _screened = [];

    /// <param name="ledger">Where the licences are drawn down; by default in memory, for this book only.</param>
    public OrderBookDecider(OrderLineDecider decider, Classifier classifier, DecisionMode mode, IReadOnlyList<HeldLicense> licenses, ILicenseLedger? ledger = null)
    {
        _decider = decider;
        _classifier = classifier;
        _mode = mode;
        _licenses = licenses;
        _ledger = ledger ?? new InMemoryLicenseLedger();
        _periods = decider.Book.DecisionChangeDates().Concat(decider.Parties.ChangeDates).Distinct().Order().ToArray();
    }

    public DecisionMode Mode => _mode;

    /// <summary>The rule book the lines are decided under.</summary>
    public Law.RuleBook Book => _decider.Book;

    /// <summary>What the decisions cite as the list snapshot.</summary>
    public string ListSnapshot => _decider.ListSnapshot;

    /// <summary>Decides a line; <paramref name="position"/> is its place in the book (the ledger may key drawdowns by it).</summary>
    public Decision Decide(OrderLine line, long position = 0)
    {
        var ruling = Ruling(line);
        var d = ruling.Decision with
        {
            LineId = line.Id,
            Quantity = line.Quantity,
            ValueUsd = line.ValueUsd,
            Provenance = new DecisionProvenance(_decider.Book.Version, _decider.ListSnapshot, line.Date, _mode, _decider.EngineVersion),
        };

        if (ruling.LppTpp is { } tppPerUnit)
        {
            d = ApplyLpp(line, d, ruling, tppPerUnit);
        }

        if (d.Verdict == Verdict.LicenseRequired && _licenses.Count > 0)
        {
            d = ApplyHeldLicenses(line, d, position);
        }

        return d;
    }

    /// <summary>Decides without any cache (for tests that check the caches change nothing).</summary>
    public Decision DecideUncached(OrderLine line) =>
        _decider.Decide(line, _mode, _classifier.Classify).Decision with
        {
            LineId = line.Id,
            Quantity = line.Quantity,
            ValueUsd = line.ValueUsd,
            Provenance = new DecisionProvenance(_decider.Book.Version, _decider.ListSnapshot, line.Date, _mode, _decider.EngineVersion),
        };

    // ------------------------------------------------------------------ caches

    private readonly record struct RulingKey(
        Item Item, int Period, CountryCode Destination, CountryCode? Located, CountryCode? Headquarters,
        string Exporter, CountryCode? ShipFrom, bool HasEndUser, string Hits)
    {
        public bool Equals(RulingKey o) =>
            ReferenceEquals(Item, o.Item) && Period == o.Period && Destination == o.Destination && Located == o.Located
            && Headquarters == o.Headquarters && Exporter == o.Exporter && ShipFrom == o.ShipFrom && HasEndUser == o.HasEndUser && Hits == o.Hits;

        public override int GetHashCode() =>
            HashCode.Combine(System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(Item), Period, Destination, Located, Headquarters, Exporter, ShipFrom, HashCode.Combine(HasEndUser, Hits));
    }

    private int PeriodOf(DateOnly date)
    {
        var i = Array.BinarySearch(_periods, date);
        return i >= 0 ? i + 1 : ~i;
    }

    private DateOnly PeriodStart(DateOnly date)
    {
        var p = PeriodOf(date);
        return p == 0 ? date : _periods[p - 1];
    }

    private ClassificationResult Classify(Item item, DateOnly date)
    {
        if (!_classifications.TryGetValue(item, out var byPeriod))
        {
            _classifications[item] = byPeriod = new ClassificationResult?[_periods.Length + 1];
        }

        var period = PeriodOf(date);
        return byPeriod[period] ??= _classifier.Classify(item, date);
    }

    /// <summary>
    /// The ruling depends on the exporter only through the letters it is bound by, so exporters are
    /// reduced to that (none given, bound by letter X, or another party).
    /// </summary>
    private string ExporterSignature(string? exporter)
    {
        if (string.IsNullOrWhiteSpace(exporter))
        {
            return "";
        }

        if (_exporterSignatures.TryGetValue(exporter, out var sig))
        {
            return sig;
        }

        var key = NameKey(exporter);
        var bound = _decider.Book.Letters.Where(l => l.ExporterNames.Any(n => NameKey(n) == key)).Select(l => l.Id).ToList();
        sig = bound.Count == 0 ? "other" : string.Join(",", bound);
        if (_exporterSignatures.Count < 10_000)
        {
            _exporterSignatures[exporter] = sig;
        }

        return sig;
    }

    private OrderLineDecider.Ruling Ruling(OrderLine line)
    {
        var parties = _decider.Parties;
        var endUserHits = parties.FindByKey("end user", line.EndUser, NameKey(line.EndUser), line.Date);
        var consigneeHits = parties.FindByKey("consignee", line.Consignee, NameKey(line.Consignee), line.Date);
        var hits = endUserHits.Count + consigneeHits.Count == 0 ? [] : endUserHits.Concat(consigneeHits).ToList();
        var screened = ScreenCached(line);
        var hitKey = hits.Count + screened.Count == 0 ? "" : string.Join("|", hits.Select(h => $"{h.Role}:{h.Entry.Id}:{h.GivenName}")
            .Concat(screened.Select(x => $"{x.Role}:{x.Match.List}:{x.Match.EntryId}:{x.GivenName}:{x.Match.Score:R}:{x.Match.Entry.StartDate <= line.Date}")));
        var key = new RulingKey(line.Item, PeriodOf(line.Date), line.Destination, line.EndUserCountry, line.EndUserHeadquarters,
            ExporterSignature(line.Exporter), line.ShipFrom, !string.IsNullOrWhiteSpace(line.EndUser), hitKey + (string.IsNullOrWhiteSpace(line.Consignee) ? "" : "+c"));
        if (_rulings.TryGetValue(key, out var ruling))
        {
            return ruling;
        }

        // Decided on the first day of the line's period: within a period the law is the same (that is how
        // the periods are cut), and inner caches then see one date per period instead of every date.
        ruling = _decider.Decide(line with { Date = PeriodStart(line.Date) }, _mode, Classify, hits, screened);

        // The key holds every screened match (role, list, entry, name given, score), so the ruling's screened parties
        // are those of every line that shares it.
        if (screened.Count > 0)
        {
            ruling = ruling with { Decision = ruling.Decision with { Screened = screened } };
        }
        if (_rulings.Count >= MaxCachedRulings)
        {
            _rulings.Clear();
        }

        _rulings[key] = ruling;
        return ruling;
    }

    /// <summary>Fuzzy screening results per (name, country), remembered for the distinct parties of a book (bounded).</summary>
    private IReadOnlyList<OrderLineDecider.ScreenedParty> ScreenCached(OrderLine line)
    {
        if (_decider.Screen is not { } screen)
        {
            return [];
        }

        var result = new List<OrderLineDecider.ScreenedParty>();
        foreach (var (role, name, country) in OrderLineDecider.PartiesToScreen(line))
        {
            if (!_screened.TryGetValue((name, country), out var matches))
            {
                matches = screen.Screen(name, country);
                if (_screened.Count >= 100_000)
                {
                    _screened.Clear();
                }

                _screened[(name, country)] = matches;
            }

            result.AddRange(matches.Select(m => new OrderLineDecider.ScreenedParty(role, name, m)));
        }

        return result;
    }

    /// <summary>Party-name keys, remembered for the distinct names of a book (bounded).</summary>
    private string NameKey(string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return "";
        }

        if (_nameKeys.TryGetValue(name, out var key))
        {
            return key;
        }

        key = PartyName.Key(name);
        if (_nameKeys.Count >= 100_000)
        {
            _nameKeys.Clear();
        }

        _nameKeys[name] = key;
        return key;
    }

    // ------------------------------------------------------------------ stateful parts

    private Decision ApplyLpp(OrderLine line, Decision d, OrderLineDecider.Ruling ruling, decimal tppPerUnit)
    {
        var rules = _decider.Book.On(line.Date);
        var entry = rules.Entry("lpp.tpp_per_consignee_year")!;
        var limit = entry.Value!.Number!.Value;
        var consignee = NameKey(line.EndUser);
        var key = (consignee, line.Date.Year);
        var used = _lppUsed.GetValueOrDefault(key);
        var need = tppPerUnit * line.Quantity;
        var steps = d.Steps.Where(s => s.Stage != "verdict").ToList();
        if (used + need <= limit)
        {
            _lppUsed[key] = used + need;
            steps.Add(new DecisionStep("exceptions", $"LPP allowance of '{line.EndUser}' in {line.Date.Year}: {Num.Format(used)} used before this line + {Num.Format(need)} = {Num.Format(used + need)} ≤ {Num.Format(limit)}.", entry.Citation));
            steps.Add(new DecisionStep("verdict", "LICENSE_EXCEPTION LPP (AI Diffusion, Tier 2)."));
            return d with { Steps = steps };
        }

        steps.Add(new DecisionStep("exceptions", $"LPP allowance of '{line.EndUser}' in {line.Date.Year} exceeded: {Num.Format(used)} used + {Num.Format(need)} > {Num.Format(limit)}.", entry.Citation));
        steps.Add(new DecisionStep("review policy", $"Tier 2: {ruling.LppFallbackPolicy?.Words() ?? "not stated"} ({ruling.LppFallbackNote})."));
        steps.Add(new DecisionStep("verdict", "LICENSE_REQUIRED (AI Diffusion, Tier 2; LPP allowance exceeded)."));
        return d with
        {
            Verdict = Verdict.LicenseRequired,
            LicenseException = null,
            NotificationRequired = false,
            ReviewPolicy = ruling.LppFallbackPolicy,
            ReviewPolicyNote = "LPP allowance exceeded",
            Steps = steps,
        };
    }

    private Decision ApplyHeldLicenses(OrderLine line, Decision d, long position)
    {
        var earDestination = _decider.Book.CountryGroups.ForEar(line.Destination, line.Date).Country;
        var steps = d.Steps.Where(s => s.Stage != "verdict").ToList();
        var verdict = d.Steps.LastOrDefault(s => s.Stage == "verdict");
        foreach (var license in _licenses)
        {
            var mismatch = license.Mismatch(line, d, earDestination);
            if (mismatch is not null)
            {
                continue;
            }

            var draw = _ledger.TryDraw(license, line, position);
            var (qtyLeft, valueLeft) = (draw.QuantityLeft, draw.ValueLeft);
            if (!draw.Drawn && qtyLeft is { } q && q < line.Quantity)
            {
                steps.Add(new DecisionStep("licences", $"Licence {license.Number} matches but has {q} units left; the line needs {line.Quantity}.", license.Source));
                continue;
            }

            if (!draw.Drawn)
            {
                var v = valueLeft ?? 0m;
                steps.Add(new DecisionStep("licences", line.ValueUsd is null
                    ? $"Licence {license.Number} matches but has a value limit and the line has no unit value."
                    : $"Licence {license.Number} matches but has {Num.Format(v)} USD left; the line is {Num.Format(line.ValueUsd.Value)} USD.", license.Source));
                continue;
            }

            var after = (Quantity: qtyLeft, Value: valueLeft);
            steps.Add(new DecisionStep("licences", $"Licence {license.Number} ({license.Holder}, valid {license.ValidFrom:yyyy-MM-dd} to {license.ValidUntil:yyyy-MM-dd}) covers the line; drawn down by {line.Quantity} units{(line.ValueUsd is { } lv ? $" and {Num.Format(lv)} USD" : "")}; left: {(after.Quantity is { } aq ? $"{aq} units" : "no quantity limit")}, {(after.Value is { } av ? $"{Num.Format(av)} USD" : "no value limit")}.", license.Source));
            steps.Add(new DecisionStep("verdict", $"LICENSED under {license.Number}."));
            return d with { Verdict = Verdict.Licensed, License = license.Number, ReviewPolicy = null, ReviewPolicyNote = null, Steps = steps, Citations = d.Citations.Append(license.Source).Distinct().ToList() };
        }

        var reasons = _licenses.Select(l => (l, m: l.Mismatch(line, d, earDestination))).Where(x => x.m is not null && x.m != "held by " + x.l.Holder + ", not the exporter").ToList();
        if (reasons.Count > 0 && reasons.Count <= 3)
        {
            foreach (var (l, m) in reasons)
            {
                steps.Add(new DecisionStep("licences", $"Licence {l.Number} does not cover the line: {m}."));
            }
        }

        if (steps.Count == d.Steps.Count - 1)
        {
            return d;
        }

        if (verdict is not null)
        {
            steps.Add(verdict);
        }

        var cited = steps.Where(s => s.Stage == "licences" && s.Citation is not null).Select(s => s.Citation!);
        return d with { Steps = steps, Citations = d.Citations.Concat(cited).Distinct().ToList() };
    }
}
