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
/// Licences held and the LPP allowance depend on earlier lines; <see cref="OrderBookDecider"/> applies them.
/// Reason texts never mention the line's date (it is in the provenance), so a ruling can be reused for
/// every line whose facts are the same within one period of the law.
/// </summary>
public sealed class OrderLineDecider(RuleBook book, PartyList parties, string engineVersion, PartyScreen? screen = null)
{
    // Pieces that repeat across many lines, computed once (keys: reference of a classification; a country).
    private readonly System.Runtime.CompilerServices.ConditionalWeakTable<ClassificationResult, Described> _classificationSteps = [];

    private sealed record Described(DecisionStep[] Steps, string[] Flags);
    private readonly System.Collections.Concurrent.ConcurrentDictionary<CountryCode, string[]> _groupFlags = new();
    private readonly StepPool _steps = new();
    private readonly Dictionary<string, HashSet<string>> _letterExporterKeys =
        book.Letters.ToDictionary(l => l.Id, l => l.ExporterNames.Select(PartyName.Key).ToHashSet(StringComparer.Ordinal));

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
            return t.Finish(facts, EntityListOutcome(hits, t));
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
        outcome = ApplyLetters(facts, outcome, t);
        return t.Finish(facts, outcome);
    }

    // ------------------------------------------------------------------ facts and outcomes

    private sealed record Facts(
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
    private sealed record Outcome(
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
                : $"End user{(string.IsNullOrWhiteSpace(line.Consignee) ? "" : " and consignee")} not on the {parties.Title}: snapshot {parties.Snapshot}, exact match after normalising case, punctuation and legal form"
                  + (screen is null ? "." : $"; loaded lists screened ({screen.Snapshot}), threshold {screen.Threshold.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture)}."));
        }
    }

    private static string Capitalize(string s) => s.Length == 0 ? s : char.ToUpperInvariant(s[0]) + s[1..];

    private static Outcome EntityListOutcome(IReadOnlyList<PartyHit> hits, Trace t)
    {
        // The most restrictive policy among the entries that match; an entry without one says so.
        var withPolicy = hits.Where(h => h.Entry.ReviewPolicy is not null).ToList();
        ReviewPolicy? policy = withPolicy.Count > 0 ? withPolicy.Max(h => h.Entry.ReviewPolicy!.Value) : null;
        var first = hits[0].Entry;
        var texts = hits.Select(h => h.Entry.ReviewPolicyText).Where(x => x is not null).Distinct().ToList();
        var note = policy is null
            ? "the bundled Entity List entry does not state a review policy"
            : texts.Count > 0 ? string.Join("; ", texts) : $"review policy of the Entity List entry '{first.Name}'";
        var requirement = first.LicenseRequirement.TrimEnd('.');
        requirement = requirement.Length > 0 ? char.ToLowerInvariant(requirement[0]) + requirement[1..] : requirement;
        t.Step("licence requirement", $"Entity List licence requirement: {requirement}. License exceptions are not available to listed parties.", "15 CFR 744.11 and Supp. No. 4 to part 744");
        return new Outcome(Verdict.LicenseRequired, Policy: policy, PolicyNote: note, Summary: $"LICENSE_REQUIRED: a party is on the Entity List ({first.Name}).");
    }

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
        var diffusion = f.Rules.Entry("diffusion.geography");
        var diffusionApplies = diffusion is not null && f.Mode == DecisionMode.AsWritten && f.Date >= (diffusion.Instrument.Compliance ?? diffusion.Effective);
        if (diffusion is not null && eccn is "3A090.a" or "4A090.a" or "4E091")
        {
            var compliance = diffusion.Instrument.Compliance ?? diffusion.Effective;
            t.Step("licence requirement", f.Mode == DecisionMode.AsEnforced
                ? $"AI Diffusion ({diffusion.Instrument.Citation}; worldwide licence for 3A090.a, 4A090.a and 4E091, Tiers, AIA, LPP) is not applied: decisions follow the law as enforced, and BIS has not enforced it since {diffusion.Instrument.Enforcement.FirstOrDefault()?.From:yyyy-MM-dd} (compliance was due from {compliance:yyyy-MM-dd}). The as-written mode applies it."
                : diffusionApplies
                    ? $"AI Diffusion applied as written ({diffusion.Instrument.Citation}), although BIS has not enforced it since {diffusion.Instrument.Enforcement.FirstOrDefault()?.From:yyyy-MM-dd}."
                    : $"AI Diffusion as written: effective {diffusion.Effective:yyyy-MM-dd}, but compliance is required only from {compliance:yyyy-MM-dd}; the earlier rules apply.",
                diffusion.Instrument.Enforcement.FirstOrDefault()?.Cite);
        }

        return eccn switch
        {
            null => Outcome.Nlr("NLR: no 3A090, 4A090 or 4E091 paragraph applies."),
            "3A090.c" => Hbm(f, t),
            "4E091" => diffusionApplies ? DiffusionWeights(f, t) : Outcome.Nlr("NLR: the 4E091 licence requirement (AI Diffusion) is not applied."),
            "3A090.a" or "4A090.a" when diffusionApplies => Diffusion(f, eccn, t),
            "3A090.a" or "4A090.a" or "3A090.b" or "4A090.b" => AdvancedComputing(f, eccn, t),
            _ => Outcome.Review($"REVIEW: no licence rule is encoded for {eccn}."),
        };
    }

    /// <summary>3A090.a/.b, 4A090.a/.b as enforced: geography, headquarters rule, NAC/ACA, review policy.</summary>
    private Outcome AdvancedComputing(Facts f, string eccn, Trace t)
    {
        var rules = f.Rules;
        var geoEntry = rules.Entry("ac.geography")!;
        var geo = geoEntry.Value!.Set!;
        var inGeo = geo.Contains(f.Destination, f.Date, book.CountryGroups);
        t.Step("licence requirement", $"Licence geography for {eccn} ({geo.Describe()}): {geo.Explain(f.Destination, f.Date, book.CountryGroups)}: {(inGeo ? "a licence is required" : "outside")}.", geoEntry.Citation);
        t.Flag(geoEntry.Unverified is null || !inGeo ? null : $"rule: {geoEntry.Unverified}");
        t.Flag(_groupFlags.GetOrAdd(f.Destination, d => book.CountryGroups.All.SelectMany(g => g.UnverifiedFor(d)).ToArray()));

        var hqEntry = rules.Entry("ac.headquarters");
        var hqHit = false;
        if (hqEntry is not null)
        {
            var hqSet = hqEntry.Value!.Set!;
            if (f.Headquarters is { } hq)
            {
                hqHit = hqSet.Contains(hq, f.Date, book.CountryGroups);
                t.Step("licence requirement", hqHit
                    ? $"Headquarters rule: the end user (or its ultimate parent) is headquartered in {hq} ({hqSet.Explain(hq, f.Date, book.CountryGroups)}): a licence is required wherever it is located."
                    : $"Headquarters rule ({hqSet.Describe()}): headquarters {hq} is not in it.", hqEntry.Citation);
            }
            else if (!inGeo)
            {
                t.Step("licence requirement", $"Headquarters rule: a licence is required if the end user or its ultimate parent is headquartered in {hqSet.Describe()}, wherever located; the headquarters is not given.", hqEntry.Citation);
                return Outcome.Review("REVIEW: end user headquarters not given; it decides whether the headquarters rule applies.");
            }
        }

        if (!inGeo && !hqHit)
        {
            return Outcome.Nlr($"NLR: {f.Destination} is outside the {eccn} licence geography and the headquarters rule does not apply.");
        }

        // License Exceptions NAC / ACA (15 CFR 740.8).
        if (rules.Entry("ac.nac.notified") is { } nacEntry)
        {
            var (eligible, why) = NacEligible(f, eccn);
            t.Step("exceptions", why, rules.Entry("ac.exception.other")?.Citation);
            if (eligible is null)
            {
                return Outcome.Review("REVIEW: the datacenter designation decides NAC/ACA eligibility and is not known.");
            }

            if (eligible == true)
            {
                var nacSet = nacEntry.Value!.Set!;
                var byDest = nacSet.Contains(f.Destination, f.Date, book.CountryGroups);
                var byHq = f.Headquarters is { } hq2 && nacSet.Contains(hq2, f.Date, book.CountryGroups);
                if (!byDest && f.Headquarters is null)
                {
                    t.Step("exceptions", $"Notification is required for destinations or end users headquartered in {nacSet.Describe()}; the headquarters is not given.", nacEntry.Citation);
                    return Outcome.Review("REVIEW: end user headquarters not given; it decides between NAC (notified) and the exception without notification.");
                }

                var notified = byDest || byHq;
                var name = notified ? "NAC" : rules.Text("ac.exception.other")!;
                t.Step("exceptions", notified
                    ? $"License Exception NAC with notification to BIS before export: {(byDest ? $"destination {f.Destination}" : $"end user headquartered in {f.Headquarters}")} is in {nacSet.Describe()}."
                    : $"License Exception {name}, no notification: {f.Destination} is in the licence geography but not in {nacSet.Describe()}.",
                    notified ? nacEntry.Citation : rules.Entry("ac.exception.other")!.Citation);
                return new Outcome(Verdict.LicenseException, name, notified, Summary: $"LICENSE_EXCEPTION {name}{(notified ? " with notification" : "")}.");
            }
        }

        var (policy, note) = AdvancedComputingPolicy(f, eccn, hqHit, t);
        return new Outcome(Verdict.LicenseRequired, Policy: policy, PolicyNote: note, Summary: $"LICENSE_REQUIRED for {eccn} to {f.Destination}{(hqHit && !inGeo ? " (headquarters rule)" : "")}.");
    }

    /// <summary>
    /// 3A090 License Exceptions paragraph: "NAC: Yes, for 3A090.a, if the item is not designed or marketed
    /// for use in datacenters and has a TPP of 4800 or more; yes, for 3A090.b, if the item is designed or
    /// marketed for use in datacenters." 4A090 follows the ICs it contains (a reading, flagged).
    /// </summary>
    private (bool? Eligible, string Why) NacEligible(Facts f, string eccn)
    {
        if (eccn == "3A090.b")
        {
            return (true, "3A090.b items are NAC/ACA eligible (an IC outside datacenters with TPP < 4,800 is outside 3A090 by Note 2, so a 3A090.b IC is a datacenter IC).");
        }

        if (eccn == "3A090.a" && f.Item is IntegratedCircuit ic)
        {
            return ic.Datacenter switch
            {
                true => (false, "Not NAC/ACA eligible: 3A090.a designed or marketed for datacenters."),
                false => (true, "NAC/ACA eligible: 3A090.a not designed or marketed for datacenters, with TPP ≥ 4,800."),
                null => (null, "NAC/ACA eligibility of a 3A090.a IC depends on its datacenter designation, which is not known."),
            };
        }

        if (f.Item is Computer computer)
        {
            var ics = IcsOf(computer).Select(i => (Ic: i, Cls: f.Classify(i, f.Date))).ToList();
            var aIcs = ics.Where(x => x.Cls.Paragraph?.StartsWith("3A090.a", StringComparison.Ordinal) == true).ToList();
            var undetermined = ics.Any(x => x.Cls.Status == ClassificationStatus.Undetermined);
            const string reading = "(4A090 eligibility read as that of the ICs it contains)";
            if (eccn == "4A090.b" && !undetermined)
            {
                return (true, $"NAC/ACA eligible: 4A090.b, its ICs are 3A090.b {reading}.");
            }

            if (undetermined)
            {
                return (null, $"NAC/ACA eligibility depends on an undetermined component IC {reading}.");
            }

            if (aIcs.Any(x => x.Ic.Datacenter == true))
            {
                return (false, $"Not NAC/ACA eligible: contains a datacenter 3A090.a IC ({aIcs.First(x => x.Ic.Datacenter == true).Ic.Label}) {reading}.");
            }

            return aIcs.Any(x => x.Ic.Datacenter is null)
                ? (null, $"NAC/ACA eligibility depends on the datacenter designation of a component IC, which is not known {reading}.")
                : (true, $"NAC/ACA eligible: its 3A090.a ICs are not designed or marketed for datacenters {reading}.");
        }

        return (false, $"Not NAC/ACA eligible: {eccn}.");
    }

    private static IEnumerable<IntegratedCircuit> IcsOf(Item item) => item switch
    {
        IntegratedCircuit ic => [ic],
        Computer c => c.Components.SelectMany(x => IcsOf(x.Item)),
        _ => [],
    };

    /// <summary>
    /// Whether the item is (or contains) a datacenter 3A090.a IC: the items of the strictest review policy.
    /// <paramref name="eccn"/> is the paragraph being decided (for an undetermined item, one hypothesis), so
    /// an IC is judged by its own datacenter designation, not by its (undetermined) classification.
    /// </summary>
    private bool? DatacenterA(Facts f, string eccn)
    {
        if (eccn is not ("3A090.a" or "4A090.a"))
        {
            return false;
        }

        if (f.Item is IntegratedCircuit ic)
        {
            return ic.Datacenter;
        }

        var aIcs = IcsOf(f.Item).Where(i =>
        {
            var c = f.Classify(i, f.Date);
            return c.Paragraph?.StartsWith("3A090.a", StringComparison.Ordinal) == true
                   || c.PossibleParagraphs.Any(p => p?.StartsWith("3A090.a", StringComparison.Ordinal) == true);
        }).ToList();
        return aIcs.Any(i => i.Datacenter == true) ? true : aIcs.Any(i => i.Datacenter is null) ? null : false;
    }

    private (ReviewPolicy? Policy, string? Note) AdvancedComputingPolicy(Facts f, string eccn, bool hqHit, Trace t)
    {
        var rules = f.Rules;
        if (rules.Entry("ac.review.2022") is { } r2022)
        {
            t.Step("review policy", $"Review policy (2022 rule): {r2022.Value!.Text!.Replace('-', ' ')}.", r2022.Citation);
            t.FlagRule(r2022.Unverified);
            ReviewPolicies.TryParse(r2022.Value.Text, out var p2022);
            return (p2022, null);
        }

        var denialEntry = rules.Entry("ac.review.denial_set");
        if (denialEntry is null)
        {
            return (null, "no review policy is encoded for this date");
        }

        var denial = denialEntry.Value!.Set!;
        var dcA = DatacenterA(f, eccn);
        ReviewPolicy? policy;
        string? note = null;
        if (dcA == false)
        {
            var other = rules.Entry("ac.review.other_items");
            if (other is null)
            {
                t.Step("review policy", $"Review policy for {eccn} items other than datacenter 3A090.a before 2024-04-04: not stated in the domain notes.");
                return (null, "not stated for this item before 2024-04-04");
            }

            ReviewPolicies.TryParse(other.Value!.Text, out var p);
            t.Step("review policy", $"Review policy: {p.Words()} (items other than datacenter 3A090.a).", other.Citation);
            t.FlagRule(other.Unverified);
            policy = p;
        }
        else
        {
            var denied = denial.Contains(f.Destination, f.Date, book.CountryGroups) || (f.Headquarters is { } hq && denial.Contains(hq, f.Date, book.CountryGroups));
            policy = denied ? ReviewPolicy.PresumptionOfDenial : ReviewPolicy.PresumptionOfApproval;
            t.Step("review policy", $"Review policy for datacenter 3A090.a: {policy.Value.Words()} ({(denied ? $"destination or headquarters in {denial.Describe()}" : $"destination outside {denial.Describe()}")}){(dcA is null ? "; the datacenter designation is not known, the stricter case is shown" : "")}.", denialEntry.Citation);
            t.FlagRule(denialEntry.Unverified);
        }

        // 91 FR 1684 (2026): case-by-case for exports from the US to China/Macau of smaller commodities.
        if (rules.Entry("review_2026.destinations") is { } r2026 && r2026.Value!.Set!.Contains(f.Destination, f.Date, book.CountryGroups) && policy == ReviewPolicy.PresumptionOfDenial)
        {
            var tppBelow = rules.Required("review_2026.tpp_below");
            var bwBelow = rules.Required("review_2026.dram_bw_below_gbps");
            var ic = f.Item as IntegratedCircuit;
            var tpp = f.Classification.Tpp;
            var bw = ic?.MemoryBandwidthGBps;
            var parameters = $"TPP < {Num.Format(tppBelow)} and total DRAM bandwidth < {Num.Format(bwBelow)} GB/s";
            t.FlagRule(rules.Entry("review_2026.dram_bw_below_gbps")!.Unverified);
            t.FlagRule(r2026.Unverified);
            if (ic is null)
            {
                note = $"the Jan 2026 case-by-case policy ({parameters}) is stated for commodities; not evaluated for a computer";
            }
            else if (tpp is null || bw is null)
            {
                note = $"the Jan 2026 case-by-case policy ({parameters}) cannot be evaluated: TPP or DRAM bandwidth unknown";
            }
            else if (tpp >= tppBelow || bw >= bwBelow)
            {
                note = $"the Jan 2026 case-by-case policy does not apply: TPP {Num.Format(tpp.Value)}, DRAM {Num.Format(bw.Value)} GB/s (needs {parameters})";
            }
            else if (hqHit && !r2026.Value.Set.Contains(f.Located, f.Date, book.CountryGroups))
            {
                note = "the Jan 2026 case-by-case policy does not apply to entities headquartered in D:5/Macau located outside them";
            }
            else if (f.Line.ShipFrom is { } from && from.Value == "US")
            {
                policy = ReviewPolicy.CaseByCase;
                note = $"Jan 2026 policy: exported from the United States, {parameters}; requires the exporter's certifications (US supply, foundry capacity, recipient security, third-party testing in the US)";
            }
            else
            {
                note = f.Line.ShipFrom is null
                    ? $"case-by-case instead if exported from the United States with the certifications of 91 FR 1684 ({parameters} met); the shipping origin is not given"
                    : $"exported from {f.Line.ShipFrom}, not the United States: the Jan 2026 case-by-case policy covers exports from the US only";
            }

            t.Step("review policy", $"Jan 2026 review policy: {note}.", r2026.Citation);
        }

        return (policy, note);
    }

    /// <summary>3A090.c: licence to D:5 and Macau; License Exception HBM below the density limit.</summary>
    private Outcome Hbm(Facts f, Trace t)
    {
        var rules = f.Rules;
        var geoEntry = rules.Entry("hbm.geography")!;
        var geo = geoEntry.Value!.Set!;
        var inGeo = geo.Contains(f.Destination, f.Date, book.CountryGroups);
        t.Step("licence requirement", $"Licence geography for 3A090.c ({geo.Describe()}): {geo.Explain(f.Destination, f.Date, book.CountryGroups)}: {(inGeo ? "a licence is required" : "outside")}.", geoEntry.Citation);
        t.FlagRule(geoEntry.Unverified);
        if (!inGeo)
        {
            var hqSet = rules.Set("ac.headquarters");
            if (hqSet is not null && (f.Headquarters is null || hqSet.Contains(f.Headquarters.Value, f.Date, book.CountryGroups)))
            {
                t.Step("licence requirement", "Whether the headquarters rule (15 CFR 744.23(a)(3), written for 3A090/4A090 in 2023) reaches 3A090.c is not stated in the domain notes.");
                return Outcome.Review(f.Headquarters is null
                    ? "REVIEW: end user headquarters not given, and the reach of the headquarters rule over 3A090.c is not settled."
                    : "REVIEW: the end user is headquartered in D:5/Macau; whether the headquarters rule reaches 3A090.c is not settled.");
            }

            return Outcome.Nlr("NLR: outside the 3A090.c licence geography.");
        }

        if (rules.Entry("le_hbm.density_below") is { } le && f.Classification.MemoryBandwidthDensity is { } density)
        {
            var limit = le.Value!.Number!.Value;
            if (density < limit)
            {
                t.Step("exceptions", $"License Exception HBM: density {Num.Format(density)} < {Num.Format(limit)} GB/s/mm² (subject to the §740.25 conditions, e.g. packaging by parties not headquartered in D:5/Macau).", le.Citation);
                return new Outcome(Verdict.LicenseException, "HBM", Summary: "LICENSE_EXCEPTION HBM.");
            }

            t.Step("exceptions", $"License Exception HBM not available: density {Num.Format(density)} ≥ {Num.Format(limit)} GB/s/mm².", le.Citation);
        }

        t.Step("review policy", "The review policy for 3A090.c licence applications is not stated in the domain notes.");
        return new Outcome(Verdict.LicenseRequired, PolicyNote: "not stated for 3A090.c", Summary: "LICENSE_REQUIRED for 3A090.c.");
    }

    /// <summary>AI Diffusion as written, for 3A090.a and 4A090.a: tiers, AIA, NAC/ACA for consumer ICs, LPP.</summary>
    private Outcome Diffusion(Facts f, string eccn, Trace t)
    {
        var rules = f.Rules;
        var geo = rules.Entry("diffusion.geography")!;
        t.Step("licence requirement", $"AI Diffusion: {eccn} needs a licence to any destination worldwide.", geo.Citation);
        var tier1 = rules.Entry("diffusion.tier1")!;
        var tier3 = rules.Entry("diffusion.tier3")!;
        var consumerEntry = rules.Entry("diffusion.consumer_exceptions");
        var (consumer, _) = NacEligible(f, eccn);
        var inTier3 = tier3.Value!.Set!.Contains(f.Destination, f.Date, book.CountryGroups);
        var hqTier3 = f.Headquarters is { } h3 && tier3.Value.Set.Contains(h3, f.Date, book.CountryGroups);
        if (inTier3 || hqTier3)
        {
            t.Step("licence requirement", $"Tier 3 ({tier3.Value.Set.Describe()}): {(inTier3 ? $"destination {f.Destination}" : $"end user headquartered in {f.Headquarters}")}.", tier3.Citation);
            if (consumer == true && consumerEntry is not null)
            {
                t.Step("exceptions", "Consumer (non-datacenter) 3A090.a: License Exception NAC with notification.", consumerEntry.Citation);
                t.FlagRule(consumerEntry.Unverified);
                return new Outcome(Verdict.LicenseException, "NAC", true, Summary: "LICENSE_EXCEPTION NAC with notification (AI Diffusion, Tier 3).");
            }

            t.Step("review policy", "Tier 3: presumption of denial.", tier3.Citation);
            return new Outcome(Verdict.LicenseRequired, Policy: ReviewPolicy.PresumptionOfDenial, Summary: "LICENSE_REQUIRED (AI Diffusion, Tier 3).");
        }

        if (f.Headquarters is not { } hq)
        {
            t.Step("licence requirement", "The end user's headquarters decides between AIA (Tier 1), Tier 3 treatment and LPP; it is not given.");
            return Outcome.Review("REVIEW: end user headquarters not given; it decides the AI Diffusion treatment.");
        }

        var t1 = tier1.Value!.Set!;
        if (t1.Contains(f.Destination, f.Date, book.CountryGroups) && t1.Contains(f.Located, f.Date, book.CountryGroups) && t1.Contains(hq, f.Date, book.CountryGroups))
        {
            t.Step("exceptions", $"License Exception AIA: destination, end user location ({f.Located}) and headquarters ({hq}) are in Tier 1.", tier1.Citation);
            return new Outcome(Verdict.LicenseException, "AIA", Summary: "LICENSE_EXCEPTION AIA (AI Diffusion, Tier 1).");
        }

        t.Step("licence requirement", $"Tier 2 treatment: {f.Destination} is not in Tier 3, and AIA needs destination, location and headquarters all in Tier 1.", tier1.Citation);
        if (consumer == true && consumerEntry is not null)
        {
            t.Step("exceptions", "Consumer (non-datacenter) 3A090.a: License Exception ACA, no notification.", consumerEntry.Citation);
            t.FlagRule(consumerEntry.Unverified);
            return new Outcome(Verdict.LicenseException, "ACA", Summary: "LICENSE_EXCEPTION ACA (AI Diffusion, Tier 2).");
        }

        var review = rules.Entry("diffusion.tier2.review")!;
        ReviewPolicies.TryParse(review.Value!.Text, out var tier2Policy);
        t.FlagRule(review.Unverified);
        var lpp = rules.Entry("lpp.tpp_per_consignee_year");
        if (lpp is not null && f.Classification.Tpp is { } tpp)
        {
            t.Step("exceptions", $"License Exception LPP: up to {Num.Format(lpp.Value!.Number!.Value)} TPP per ultimate consignee per calendar year (certification and notification); {Num.Format(tpp)} TPP per unit.", lpp.Citation);
            return new Outcome(Verdict.LicenseException, "LPP", true, Summary: "LICENSE_EXCEPTION LPP (AI Diffusion, Tier 2).", LppTpp: tpp, LppFallbackPolicy: tier2Policy, LppFallbackNote: review.Cite);
        }

        t.Step("review policy", $"Tier 2: {tier2Policy.Words()} (until the country allocation is reached).", review.Citation);
        return new Outcome(Verdict.LicenseRequired, Policy: tier2Policy, Summary: "LICENSE_REQUIRED (AI Diffusion, Tier 2).");
    }

    /// <summary>4E091 as written: worldwide licence; AIA in Tier 1; presumption of denial in Tier 3.</summary>
    private Outcome DiffusionWeights(Facts f, Trace t)
    {
        var rules = f.Rules;
        var geo = rules.Entry("diffusion.geography")!;
        t.Step("licence requirement", "AI Diffusion: 4E091 model weights need a licence to any destination worldwide.", geo.Citation);
        var tier3 = rules.Entry("diffusion.tier3")!;
        if (tier3.Value!.Set!.Contains(f.Destination, f.Date, book.CountryGroups) || (f.Headquarters is { } h && tier3.Value.Set.Contains(h, f.Date, book.CountryGroups)))
        {
            t.Step("review policy", "Tier 3: presumption of denial.", tier3.Citation);
            return new Outcome(Verdict.LicenseRequired, Policy: ReviewPolicy.PresumptionOfDenial, Summary: "LICENSE_REQUIRED for 4E091 (Tier 3).");
        }

        if (f.Headquarters is not { } hq)
        {
            return Outcome.Review("REVIEW: end user headquarters not given; it decides AIA eligibility for 4E091.");
        }

        var t1 = rules.Entry("diffusion.tier1")!;
        if (t1.Value!.Set!.Contains(f.Destination, f.Date, book.CountryGroups) && t1.Value.Set.Contains(f.Located, f.Date, book.CountryGroups) && t1.Value.Set.Contains(hq, f.Date, book.CountryGroups))
        {
            t.Step("exceptions", "License Exception AIA: Tier 1 destination and end user.", t1.Citation);
            return new Outcome(Verdict.LicenseException, "AIA", Summary: "LICENSE_EXCEPTION AIA for 4E091.");
        }

        t.Step("review policy", "Tier 2: the review policy for 4E091 is not stated in the domain notes (security standards for storage in Tier 2 per the preamble).");
        return new Outcome(Verdict.LicenseRequired, PolicyNote: "not stated for 4E091 in Tier 2", Summary: "LICENSE_REQUIRED for 4E091 (Tier 2).");
    }

    // ------------------------------------------------------------------ 8. letters

    private Outcome ApplyLetters(Facts f, Outcome outcome, Trace t)
    {
        var exporterKey = PartyName.Key(f.Line.Exporter);
        foreach (var letter in book.Letters)
        {
            if (!letter.InForce(f.Date))
            {
                continue;
            }

            var covered = Covers(letter, f.Item, f);
            if (covered == false)
            {
                continue;
            }

            var byDest = letter.Destinations.Contains(f.Destination, f.Date, book.CountryGroups);
            var byHq = letter.Headquarters is { } lhq && f.Headquarters is { } hq && lhq.Contains(hq, f.Date, book.CountryGroups);
            var hqUnknown = letter.Headquarters is not null && f.Headquarters is null;
            if (!byDest && !byHq && !hqUnknown)
            {
                continue;
            }

            var binds = exporterKey.Length == 0 ? (bool?)null : _letterExporterKeys[letter.Id].Contains(exporterKey);
            var scope = byDest ? $"destination {f.Destination}" : byHq ? $"end user headquartered in {f.Headquarters}" : "an end user headquartered there (headquarters not given)";
            var item = covered == true ? "the item" : $"the item, if it meets {letter.Predicate!.Describe()} (a figure is unknown)";
            t.Step("letters", $"Is-informed letter to {letter.Exporter} (from {letter.From:yyyy-MM-dd}{(letter.Until is { } u ? $" to {u:yyyy-MM-dd}" : "")}) covers {item} for {scope}.", letter.Cite);
            t.Flag(letter.Unverified is null ? null : $"letter {letter.Id}: {letter.Unverified}");
            t.Flag(letter.Predicate?.Unverified is { } pu && covered != null && !letter.Items.Contains(f.Item.Id ?? "") ? $"letter {letter.Id}: {pu}" : null);
            if (binds == false)
            {
                t.Step("letters", $"The letter binds {letter.Exporter} only; this line's exporter is another party.");
                continue;
            }

            if (outcome.Verdict == Verdict.LicenseRequired)
            {
                t.Step("letters", "A licence is required under the rules anyway.");
                continue;
            }

            if (binds is null)
            {
                return Outcome.Review($"REVIEW: an is-informed letter to {letter.Exporter} covers this line; the exporter is not given (the letter binds {letter.Exporter} only).");
            }

            if (covered is null || (!byDest && !byHq))
            {
                return Outcome.Review($"REVIEW: whether the letter to {letter.Exporter} covers this line depends on a fact not given ({(covered is null ? "the item's figures" : "end user headquarters")}).");
            }

            t.Step("review policy", "The letter states no review policy.");
            return new Outcome(Verdict.LicenseRequired, PolicyNote: "not stated (is-informed letter)", Summary: $"LICENSE_REQUIRED: is-informed letter to {letter.Exporter}.");
        }

        return outcome;
    }

    /// <summary>True when the letter names the item (or a component), false when it cannot, null when an unknown figure decides.</summary>
    private static bool? Covers(IsInformedLetter letter, Item item, Facts f)
    {
        if (item.Id is not null && letter.Items.Contains(item.Id))
        {
            return true;
        }

        switch (item)
        {
            case Computer c:
                var parts = c.Components.Select(x => Covers(letter, x.Item, f)).ToList();
                return parts.Any(p => p == true) ? true : parts.Any(p => p is null) ? null : false;
            case IntegratedCircuit ic when letter.Predicate is { } p:
                return p.Matches(ic, f.Classify(ic, f.Date).Tpp);
            default:
                return false;
        }
    }

    // ------------------------------------------------------------------ the trace

    /// <summary>What an NLR does not cover: said on every NLR, so nobody reads more into it.</summary>
    public const string NlrScope =
        "Scope: no licence is required by the rules modelled here (3A090/4A090/4E091 licence requirements, their exceptions, is-informed letters, the Entity List sample). "
        + "Not evaluated: other CCL entries (e.g. 3A991, 5A992), end-use controls of 15 CFR 744 (e.g. supercomputer and advanced-node end uses), foreign-direct-product jurisdiction, other restricted-party lists.";

    /// <summary>
    /// Steps shared between rulings: most texts repeat across thousands of lines (same destination, same
    /// classification), so rulings hold references to one copy. Bounded; thread-safe.
    /// </summary>
    private sealed class StepPool
    {
        private readonly System.Collections.Concurrent.ConcurrentDictionary<(string, string, string?), DecisionStep> _pool = new();
        private readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> _strings = new(StringComparer.Ordinal);

        /// <summary>One copy of a flag text.</summary>
        public string Intern(string text)
        {
            if (_strings.TryGetValue(text, out var s))
            {
                return s;
            }

            if (_strings.Count >= 50_000)
            {
                _strings.Clear();
            }

            return _strings.GetOrAdd(text, text);
        }

        public DecisionStep Get(string stage, string text, string? citation)
        {
            if (_pool.TryGetValue((stage, text, citation), out var step))
            {
                return step;
            }

            if (_pool.Count >= 100_000)
            {
                _pool.Clear();
            }

            return _pool.GetOrAdd((stage, text, citation), k => new DecisionStep(k.Item1, k.Item2, k.Item3));
        }
    }

    /// <summary>Collects steps, citations and unverified flags in order, without duplicates.</summary>
    private sealed class Trace(StepPool? pool = null)
    {
        private readonly List<DecisionStep> _steps = [];
        private readonly List<string> _citations = [];
        private readonly List<string> _unverified = [];

        public void Step(string stage, string text, string? citation = null)
        {
            _steps.Add(pool?.Get(stage, text, citation) ?? new DecisionStep(stage, text, citation));
            if (citation is not null && !_citations.Contains(citation))
            {
                _citations.Add(citation);
            }
        }

        public void Steps(IEnumerable<DecisionStep> steps)
        {
            foreach (var s in steps)
            {
                _steps.Add(s);
                if (s.Citation is not null && !_citations.Contains(s.Citation))
                {
                    _citations.Add(s.Citation);
                }
            }
        }

        public (DecisionStep[] Steps, string[] Flags) Parts() => (_steps.ToArray(), _unverified.ToArray());

        public void Flag(string? unverified)
        {
            if (unverified is not null && !_unverified.Contains(unverified))
            {
                _unverified.Add(pool?.Intern(unverified) ?? unverified);
            }
        }

        public void Flag(IEnumerable<string?> unverified)
        {
            foreach (var u in unverified)
            {
                Flag(u);
            }
        }

        public void FlagRule(string? unverified) => Flag(unverified is null ? null : $"rule: {unverified}");

        public void Absorb(Trace other, bool stepsToo = true)
        {
            foreach (var s in other._steps)
            {
                if (stepsToo)
                {
                    Step(s.Stage, s.Text, s.Citation);
                }
                else if (s.Citation is not null && !_citations.Contains(s.Citation))
                {
                    _citations.Add(s.Citation);
                }
            }

            Flag(other._unverified);
        }

        public Ruling Finish(Facts f, Outcome o)
        {
            if (o.Verdict == Verdict.Nlr)
            {
                Step("scope", NlrScope);
            }

            Step("verdict", o.Summary ?? o.Describe());
            var cls = f.Classification;
            var decision = new Decision
            {
                LineId = "",
                Verdict = o.Verdict,
                Eccn = cls.Eccn,
                Paragraph = cls.Paragraph,
                LicenseException = o.Verdict == Verdict.LicenseException ? o.Exception : null,
                NotificationRequired = o.Verdict == Verdict.LicenseException && o.Notification,
                ReviewPolicy = o.Verdict == Verdict.LicenseRequired ? o.Policy : null,
                ReviewPolicyNote = o.Verdict == Verdict.LicenseRequired ? o.PolicyNote : null,
                Steps = _steps.ToArray(),
                Citations = _citations.ToArray(),
                Unverified = _unverified.Count == 0 ? [] : _unverified.ToArray(),
                Quantity = f.Line.Quantity,
                ValueUsd = f.Line.ValueUsd,
            };
            return new Ruling(decision, o.Verdict == Verdict.LicenseException && o.Exception == "LPP" ? o.LppTpp : null, o.LppFallbackPolicy, o.LppFallbackNote);
        }
    }
}
