using ComputeGate.Domain.Classification;
using ComputeGate.Domain.Geography;
using ComputeGate.Domain.Items;
using ComputeGate.Domain.Law;
using ComputeGate.Domain.Parties;

namespace ComputeGate.Domain.Licensing;

/// <summary>
/// What happens to an order line, top to bottom. Pure: (line, rule book, party list, mode) in, a
/// verdict with its reasons out. Precedence, most binding first (Catala-style: an unresolved conflict
/// is REVIEW, never a silent pick):
/// <list type="number">
/// <item>GP10 guidance on a named item (Huawei Ascend 910B/C/D): REVIEW, whatever else applies.</item>
/// <item>An end user or consignee on the Entity List: LICENSE_REQUIRED with the entry's review policy, no exceptions.</item>
/// <item>A destination under a comprehensive embargo (E:1/E:2, 15 CFR 746, not modelled): REVIEW.</item>
/// <item>No end user given: REVIEW (the party cannot be screened).</item>
/// <item>The CCL licence requirement of the item's paragraph (3A090/4A090/4E091) by destination and headquarters,
/// its licence exceptions (NAC/ACA, HBM, and as written AIA/LPP) and review policy. An undetermined
/// classification is decided for every possible paragraph; different verdicts → REVIEW.</item>
/// <item>Is-informed letters: a covered line of the informed exporter needs a licence; with no exporter given, REVIEW.</item>
/// </list>
/// The rules are in Decide/, one class per family (<see cref="EntityListRequirement"/>, <see cref="AdvancedComputingRequirement"/>
/// with <see cref="AdvancedComputingReviewPolicy"/>, <see cref="HbmRequirement"/>, <see cref="AiDiffusionRequirement"/>,
/// <see cref="IsInformedLetterRequirement"/>); this class orders them, resolves destinations, screens parties and keeps the trace.
/// Licences held and the LPP allowance depend on earlier lines; <see cref="OrderBookDecider"/> applies them.
/// Reason texts never mention the line's date (it is in the provenance), so a ruling can be reused for
/// every line whose facts are the same within one period of the law.
/// </summary>
public sealed partial class OrderLineDecider(RuleBook book, PartyList parties, string engineVersion, PartyScreen? screen = null)
{
    // Pieces that repeat across many lines, computed once (keys: reference of a classification; a country).
    private readonly System.Runtime.CompilerServices.ConditionalWeakTable<ClassificationResult, Described> _classificationSteps = [];

    private sealed record Described(DecisionStep[] Steps, string[] Flags);
    private readonly StepPool _steps = new();

    // The rule families (Decide/), one per group of CCL paragraphs or part 744 rule.
    private readonly AdvancedComputingRequirement _advancedComputing = new(book);
    private readonly HbmRequirement _hbm = new(book);
    private readonly AiDiffusionRequirement _diffusion = new(book);
    private readonly IsInformedLetterRequirement _letters = new(book);

    public RuleBook Book => book;
    public PartyList Parties => parties;

    /// <summary>Fuzzy screening against loaded lists, when enabled (null: the bundled sample only, exact match).</summary>
    public PartyScreen? Screen => screen;

    /// <summary>What decisions cite as the list snapshot.</summary>
    public string ListSnapshot => screen is null ? parties.Snapshot : $"{parties.Snapshot}; {screen.Snapshot}";

    /// <summary>One screened party: who, the name given, the candidate entry.</summary>
    public sealed record ScreenedParty(string Role, string GivenName, Screening.Match Match);

    /// <summary>The end user and consignee screened against the loaded lists (empty when screening is off).</summary>
    public IReadOnlyList<ScreenedParty> ScreenLine(OrderLine line)
    {
        if (screen is null)
        {
            return [];
        }

        return PartiesToScreen(line).SelectMany(p => screen.Screen(p.Name, p.Country).Select(m => new ScreenedParty(p.Role, p.Name, m))).ToList();
    }

    /// <summary>The parties of a line that are screened: the end user (with the country it is located in) and the consignee.</summary>
    public static IEnumerable<(string Role, string Name, string? Country)> PartiesToScreen(OrderLine line)
    {
        if (!string.IsNullOrWhiteSpace(line.EndUser))
        {
            yield return ("end user", line.EndUser, (line.EndUserCountry ?? line.Destination).Value);
        }

        if (!string.IsNullOrWhiteSpace(line.Consignee))
        {
            yield return ("consignee", line.Consignee, null);
        }
    }
    public string EngineVersion => engineVersion;

    /// <summary>A ruling: the decision without the line's own numbers, and the TPP an LPP allowance must absorb.</summary>
    public sealed record Ruling(Decision Decision, decimal? LppTpp, ReviewPolicy? LppFallbackPolicy, string? LppFallbackNote);

    /// <param name="hits">The line's end user and consignee already screened (callers that cache name keys pass them); null = screen here.</param>
    public Ruling Decide(OrderLine line, DecisionMode mode, Func<Item, DateOnly, ClassificationResult> classify, IReadOnlyList<PartyHit>? hits = null, IReadOnlyList<ScreenedParty>? screened = null)
    {
        var rules = book.On(line.Date);
        var t = new Trace(_steps);
        var groups = book.CountryGroups;

        // 1. Destination and end user, as the EAR reads them (Hong Kong is China).
        var dest = Resolve(line.Destination, "destination", rules, t);
        var located = line.EndUserCountry is { } euc ? Resolve(euc, "end user location", rules, t) : dest;
        var hq = line.EndUserHeadquarters is { } h ? Resolve(h, "end user headquarters", rules, t) : (CountryCode?)null;
        var shipsTo = dest == line.Destination ? dest.Value : $"{line.Destination} ({dest} for the EAR)";
        t.Step("destination", $"Ships to {shipsTo}; end user located in {located}; end user (or ultimate parent) headquartered in {(hq is { } hh ? hh.Value : "— not given")}.");

        // 2. Parties against the Entity List (exact match after normalisation).
        hits ??= parties.Find("end user", line.EndUser, line.Date).Concat(parties.Find("consignee", line.Consignee, line.Date)).ToList();
        screened ??= ScreenLine(line);

        // Loaded lists: an exact Entity List hit listed by the date binds like the sample; other hits above the threshold are possible hits.
        var exact = screened.Where(s => screen!.IsExactEntityListHit(s.GivenName, s.Match)).Select(s => new PartyHit(s.Role, s.GivenName, PartyScreen.AsListedParty(s.Match), s.Match.MatchedName))
            .Where(h => h.Entry.Listed <= line.Date && !hits.Any(x => x.Role == h.Role && x.Entry.Name == h.Entry.Name)).ToList();
        var possible = screened.Where(s => !screen!.IsExactEntityListHit(s.GivenName, s.Match)).ToList();
        hits = [.. hits, .. exact];
        ScreenParties(line, hits, t);
        foreach (var p in possible)
        {
            var m = p.Match;
            t.Step("parties", $"Possible hit: {p.Role} '{p.GivenName}' resembles '{m.MatchedName}' ({m.List} {m.EntryId}, listed as '{m.ListedName}'), score {m.Score.ToString("0.000", System.Globalization.CultureInfo.InvariantCulture)}: {m.Explain()}.",
                $"{m.List} entry {m.EntryId} ({screen!.Snapshot})");
        }

        // 3. Classification on the date.
        var cls = classify(line.Item, line.Date);
        var described = _classificationSteps.GetValue(cls, c => DescribeClassification(line.Item, c, rules));
        t.Steps(described.Steps);
        t.Flag(described.Flags);
        var facts = new Facts(line, rules, cls, dest, located, hq, mode, classify);

        // 4. Guidance naming the item: REVIEW whatever else applies.
        if (GuidanceFor(line.Item, rules) is { } guidance)
        {
            t.Step("guidance", guidance.Text + ".", guidance.Cite);
            return t.Finish(facts, Outcome.Review("REVIEW: the item is named in BIS guidance; a person must decide (General Prohibition 10 is not decided by the engine)."));
        }

        // 5. The Entity List binds for every item subject to the EAR.
        if (hits.Count > 0)
        {
            return t.Finish(facts, EntityListRequirement.Decide(hits, t));
        }

        // 5b. A possible hit on a loaded list must be confirmed or cleared by a person.
        if (possible.Count > 0)
        {
            var best = possible.MaxBy(p => p.Match.Score)!;
            return t.Finish(facts, Outcome.Review($"REVIEW: possible hit on a restricted-party list: '{best.GivenName}' resembles '{best.Match.ListedName}' ({best.Match.List}); confirm or clear it."));
        }

        // 6. Comprehensive embargoes are not modelled.
        if (rules.Entry("embargo.comprehensive") is { } embargo && rules.InSet("embargo.comprehensive", dest))
        {
            t.Step("destination", $"{dest} is under a comprehensive embargo ({embargo.Value!.Set!.Explain(dest, line.Date, groups)}): a licence is required for most items subject to the EAR; 15 CFR 746 is not modelled.", embargo.Citation);
            t.Flag(groups.All.Where(g => g.Name is "E:1" or "E:2").Select(g => g.Unverified));
            return t.Finish(facts, Outcome.Review("REVIEW: comprehensive embargo destination."));
        }

        if (string.IsNullOrWhiteSpace(line.EndUser))
        {
            return t.Finish(facts, Outcome.Review("REVIEW: no end user given, so the party cannot be screened against the Entity List."));
        }

        // 7. The CCL requirement for the item's paragraph (every possible paragraph when undetermined).
        var outcome = CclOutcome(facts, t);

        // 8. Letters to single exporters.
        outcome = _letters.Apply(facts, outcome, t);
        return t.Finish(facts, outcome);
    }

    // ------------------------------------------------------------------ facts and outcomes

    internal sealed record Facts(
        OrderLine Line,
        RuleSet Rules,
        ClassificationResult Classification,
        CountryCode Destination,
        CountryCode Located,
        CountryCode? Headquarters,
        DecisionMode Mode,
        Func<Item, DateOnly, ClassificationResult> Classify)
    {
        public DateOnly Date => Line.Date;
        public Item Item => Line.Item;
    }

    /// <summary>The verdict part of a decision, before letters and held licences.</summary>
    internal sealed record Outcome(
        Verdict Verdict,
        string? Exception = null,
        bool Notification = false,
        ReviewPolicy? Policy = null,
        string? PolicyNote = null,
        string? Summary = null,
        decimal? LppTpp = null,
        ReviewPolicy? LppFallbackPolicy = null,
        string? LppFallbackNote = null)
    {
        public static Outcome Review(string summary) => new(Verdict.Review, Summary: summary);

        public static Outcome Nlr(string summary) => new(Verdict.Nlr, Summary: summary);

        /// <summary>Same verdict, exception, notification and policy.</summary>
        public bool SameAs(Outcome o) => Verdict == o.Verdict && Exception == o.Exception && Notification == o.Notification && Policy == o.Policy;

        public string Describe() => Verdict switch
        {
            Verdict.LicenseException => $"LICENSE_EXCEPTION {Exception}{(Notification ? " (notification)" : "")}",
            Verdict.LicenseRequired => $"LICENSE_REQUIRED{(Policy is { } p ? $" ({p.Words()})" : "")}",
            _ => Verdict.Name(),
        };
    }

    // ------------------------------------------------------------------ 1. destination

    private CountryCode Resolve(CountryCode given, string what, RuleSet rules, Trace t)
    {
        var (country, rule) = book.CountryGroups.ForEar(given, rules.Date);
        if (rule is not null)
        {
            t.Step("destination", $"{what}: {given} is treated as {country} under the EAR.", rule.Cite);
            t.Flag(rule.Unverified);
        }

        return country;
    }

    // ------------------------------------------------------------------ 2. parties

    private void ScreenParties(OrderLine line, IReadOnlyList<PartyHit> hits, Trace t)
    {
        foreach (var hit in hits)
        {
            var e = hit.Entry;
            var alias = hit.MatchedName == e.Name ? "" : $" (as alias '{hit.MatchedName}')";
            t.Step("parties", $"{Capitalize(hit.Role)} '{hit.GivenName}' is on the {parties.Title}: '{e.Name}'{alias}, {e.Country?.Value ?? "?"}, listed from {e.Listed:yyyy-MM-dd}.",
                e.Citation);
            t.Flag(e.Unverified is null ? null : $"Entity List entry '{e.Name}': {e.Unverified}");
        }

        if (hits.Count == 0)
        {
            var who = string.Join(" and ", new[] { ("end user", line.EndUser), ("consignee", line.Consignee) }
                .Where(p => !string.IsNullOrWhiteSpace(p.Item2)).Select(p => $"{p.Item1} '{p.Item2}'"));
            t.Step("parties", who.Length == 0
                ? "No end user or consignee given: nobody to screen."
                // Say what was screened, no more: the bundled entries are a sample of the list, not the list.
                : $"End user{(string.IsNullOrWhiteSpace(line.Consignee) ? "" : " and consignee")} not among the {parties.Entries.Count} bundled entries of the {parties.Title}: snapshot {parties.Snapshot}, exact match after normalising case, punctuation and legal form"
                  + (screen is null
                      ? "; no loaded list was screened, so this does not show the party is on no list."
                      : $"; loaded lists screened ({screen.Snapshot}), threshold {screen.Threshold.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture)}."));
        }
    }

    private static string Capitalize(string s) => s.Length == 0 ? s : char.ToUpperInvariant(s[0]) + s[1..];

    // ------------------------------------------------------------------ 3. classification

    private static Described DescribeClassification(Item item, ClassificationResult cls, RuleSet rules)
    {
        var t = new Trace();
        var what = cls.Status switch
        {
            ClassificationStatus.Controlled => cls.Paragraph!,
            ClassificationStatus.NotControlled => "not 3A090 / 4A090 / 4E091",
            _ => $"undetermined: {string.Join(" or ", cls.PossibleParagraphs.Select(p => p ?? "not controlled"))}",
        };
        var tpp = cls.Tpp is { } v ? $"; TPP {Num.Format(v)}" : "";
        var pd = cls.PerformanceDensity is { } d ? $", PD {Num.Format(d)}" : "";
        var deciding = cls.Status == ClassificationStatus.Undetermined
            ? string.Join("; ", cls.Undetermined)
            : cls.Reasons.Count > 0 ? cls.Reasons[^1] : "";
        t.Step("classification", $"{item.Label}: {what}{tpp}{pd}. {deciding}".TrimEnd(), cls.Citations.Count > 0 ? cls.Citations[^1] : null);
        if (cls.Enforcement is not null)
        {
            t.Step("classification", $"Enforcement: {cls.Enforcement}.");
        }

        // The foundry note (Note 1 to 3A090.a) is shown by classify but binds fabricators only; a decision does not use it.
        var foundry = rules.Entry("3a090.a.note1_foundry")?.Unverified;
        t.Flag(cls.Unverified.Where(u => foundry is null || !u.Contains(foundry, StringComparison.Ordinal)));
        var (steps, flags) = t.Parts();
        return new Described(steps, flags);
    }

    // ------------------------------------------------------------------ 4. guidance

    private ItemGuidance? GuidanceFor(Item item, RuleSet rules) =>
        book.Guidance.FirstOrDefault(g => g.From <= rules.Date && Contains(item, g.Names));

    /// <summary>True when the item, or any component of a computer (recursively), satisfies the test.</summary>
    private static bool Contains(Item item, Func<Item, bool> test) =>
        test(item) || (item is Computer c && c.Components.Any(x => Contains(x.Item, test)));

    // ------------------------------------------------------------------ 7. the CCL requirement

    private Outcome CclOutcome(Facts f, Trace t)
    {
        var cls = f.Classification;
        if (cls.Status != ClassificationStatus.Undetermined)
        {
            return ForParagraph(cls.Paragraph, f, t);
        }

        // Decide for every paragraph the item could be in; the same verdict everywhere decides it.
        var options = cls.PossibleParagraphs.Select(p => (Paragraph: p, Trace: new Trace(_steps), Outcome: (Outcome?)null)).ToList();
        for (var i = 0; i < options.Count; i++)
        {
            options[i] = options[i] with { Outcome = ForParagraph(options[i].Paragraph, f, options[i].Trace) };
        }

        var first = options[0].Outcome!;
        if (options.All(o => o.Outcome!.SameAs(first)))
        {
            t.Step("licence requirement", $"The classification is undetermined, but every possible paragraph ({string.Join(", ", options.Select(o => o.Paragraph ?? "not controlled"))}) gives {first.Describe()}.");
            t.Absorb(options[0].Trace);
            return first;
        }

        foreach (var o in options)
        {
            t.Step("licence requirement", $"If {o.Paragraph ?? "not controlled"}: {o.Outcome!.Describe()}.");
            t.Absorb(o.Trace, stepsToo: false);
        }

        return Outcome.Review($"REVIEW: the classification is undetermined ({string.Join("; ", cls.Undetermined)}) and the verdict depends on it.");
    }

    private Outcome ForParagraph(string? paragraph, Facts f, Trace t)
    {
        var eccn = Classifier.EccnOf(paragraph);
        var diffusionApplies = AiDiffusionRequirement.Applies(f, eccn, t);
        return eccn switch
        {
            null => Outcome.Nlr("NLR: no 3A090, 4A090 or 4E091 paragraph applies."),
            "3A090.c" => _hbm.Decide(f, t),
            "4E091" => diffusionApplies ? _diffusion.ModelWeights(f, t) : Outcome.Nlr("NLR: the 4E091 licence requirement (AI Diffusion) is not applied."),
            "3A090.a" or "4A090.a" when diffusionApplies => _diffusion.Chips(f, eccn, t),
            "3A090.a" or "4A090.a" or "3A090.b" or "4A090.b" => _advancedComputing.Decide(f, eccn, t),
            _ => Outcome.Review($"REVIEW: no licence rule is encoded for {eccn}."),
        };
    }
}
