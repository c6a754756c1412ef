using ComputeGate.Domain.Items;
using ComputeGate.Domain.Law;

namespace ComputeGate.Domain.Classification;

/// <summary>
/// Classifies an item on a date: (item, date, rule book) in, ECCN paragraph with reasons out. Pure.
/// The classification follows the text of the Commerce Control List in force on the date; where the
/// instrument behind it is not enforced (AI Diffusion from 2025-05-13), <see cref="ClassificationResult.Enforcement"/> says so.
/// </summary>
public sealed class Classifier(RuleBook book)
{
    public RuleBook Book => book;

    public ClassificationResult Classify(Item item, DateOnly date)
    {
        var rules = book.On(date);
        return item switch
        {
            IntegratedCircuit ic => ClassifyIc(ic, rules),
            Computer computer => ClassifyComputer(computer, rules),
            HbmStack hbm => ClassifyHbm(hbm, rules),
            ModelWeights weights => ClassifyWeights(weights, rules),
            _ => throw new ArgumentException($"unsupported item type {item.GetType().Name}", nameof(item)),
        };
    }

    // ---------------------------------------------------------------- integrated circuits (3A090)

    /// <summary>The facts of an IC as the 3A090 test reads them, with what is unknown.</summary>
    internal sealed record IcInputs(TppResult? Tpp, ApplicableDieArea Area, decimal? Pd);

    internal static IcInputs Inputs(IntegratedCircuit ic)
    {
        var tpp = Metrics.Tpp(ic);
        var area = Metrics.DieArea(ic);
        return new IcInputs(tpp, area, Metrics.PerformanceDensity(tpp?.Value, area));
    }

    /// <summary>The fact axes of an IC for the 3A090 test in force (see <see cref="FactAxis"/>).</summary>
    internal static IReadOnlyList<FactAxis> IcAxes(IntegratedCircuit ic, IcInputs inputs, RuleSet rules)
    {
        var tppThresholds = ThreeA090.TppParameters(rules).Select(rules.Required);
        var pdThresholds = ThreeA090.PdParameters(rules).Select(rules.Required);
        var ioThresholds = ThreeA090.IoParameters(rules).Select(rules.Required);
        var tpp = inputs.Tpp?.Value;

        FactAxis pdAxis;
        if (inputs.Pd is { } pd)
        {
            pdAxis = FactAxis.KnownValue("performance density", pd, (_, _) => "");
        }
        else if (inputs.Area.NoNonPlanarDie)
        {
            // No non-planar logic die: no applicable die area, so no PD test can be met.
            pdAxis = FactAxis.KnownValue("performance density", 0m, (_, _) => "");
        }
        else
        {
            pdAxis = FactAxis.Unknown("applicable die area", pdThresholds, (lo, hi) => DescribePd(lo, hi, tpp));
        }

        return
        [
            inputs.Tpp is null
                ? FactAxis.Unknown("TPP", tppThresholds, (lo, hi) => Interval("TPP", lo, hi, ""))
                : FactAxis.KnownValue("TPP", inputs.Tpp.Value, (_, _) => ""),
            pdAxis,
            FactAxis.Bool("datacenter designation", ic.Datacenter, (lo, _) => lo == 1m ? "designed or marketed for datacenters" : "not designed or marketed for datacenters"),
            ic.InterconnectGBps is { } io
                ? FactAxis.KnownValue("chip-to-chip I/O", io, (_, _) => "")
                : FactAxis.Unknown("chip-to-chip I/O", ioThresholds, (lo, hi) => Interval("I/O", lo, hi, " GB/s")),
        ];
    }

    internal static RuleOutcome EvaluateIc(IReadOnlyList<decimal> v, RuleSet rules) =>
        ThreeA090.Evaluate(new IcFacts(v[0], v[1], v[2] == 1m, v[3]), rules);

    private static string Interval(string name, decimal lo, decimal? hi, string unit) =>
        (lo, hi) switch
        {
            (0m, { } h) => $"{name} < {Num.Format(h)}{unit}",
            (var l, null) => $"{name} ≥ {Num.Format(l)}{unit}",
            var (l, h) => $"{Num.Format(l)}{unit} ≤ {name} < {Num.Format(h!.Value)}{unit}",
        };

    /// <summary>A PD interval, also said as die areas when the TPP is known (area = TPP / PD).</summary>
    private static string DescribePd(decimal lo, decimal? hi, decimal? tpp)
    {
        var pd = Interval("PD", lo, hi, "");
        if (tpp is not { } t || t == 0m)
        {
            return pd;
        }

        var area = (lo, hi) switch
        {
            (0m, { } h) => $"applicable die area > {Num.Format(t / h)} mm²",
            (var l, null) => $"applicable die area ≤ {Num.Format(t / l)} mm²",
            var (l, h) => $"{Num.Format(t / h!.Value)} < applicable die area ≤ {Num.Format(t / l)} mm²",
        };
        return $"{pd}, i.e. {area}";
    }

    private ClassificationResult ClassifyIc(IntegratedCircuit ic, RuleSet rules)
    {
        var x = new Explanation();
        var inputs = Inputs(ic);
        ExplainIcFacts(ic, inputs, rules, x);

        var axes = IcAxes(ic, inputs, rules);
        var explored = Exploration.Explore(axes, v => EvaluateIc(v, rules));
        var status = Conclude(explored, axes, x);
        var regime = rules.Entry(ThreeA090.Regime);
        if (regime is not null)
        {
            x.Cite(regime.Citation);
        }

        if (status == ClassificationStatus.NotControlled || explored.First.Level == ControlLevel.B)
        {
            foreach (var line in Headroom.Sensitivity(ic, inputs, rules))
            {
                x.Sensitive(line);
            }
        }

        NoteFoundryRule(rules, explored.First, x);
        NoteZParagraphs(rules, explored.First, x);
        NoteReviewPolicy2026(ic, inputs, rules, explored.First, x);

        return Result(ic, rules, status, explored, x) with
        {
            Tpp = inputs.Tpp?.Value,
            TppPrecision = inputs.Tpp?.From.Precision.Name,
            PerformanceDensity = inputs.Pd,
            ApplicableDieAreaMm2 = inputs.Area.Known ? inputs.Area.AreaMm2 : null,
            Enforcement = EnforcementNote(regime, rules.Date),
        };
    }

    private static void ExplainIcFacts(IntegratedCircuit ic, IcInputs inputs, RuleSet rules, Explanation x)
    {
        var tppDef = rules.Entry("3a090.tpp_definition");
        if (inputs.Tpp is { } tpp)
        {
            var f = tpp.From;
            var sparse = f.Sparse ? $" (vendor figure {Num.Format(f.Tops)} with sparsity, halved: dense only)" : "";
            var tied = tpp.TiedWith.Count switch
            {
                0 => "",
                1 => $"; {tpp.TiedWith[0]} gives the same",
                _ => $"; {string.Join(", ", tpp.TiedWith)} give the same",
            };
            x.Reason($"TPP = {Num.Format(f.DenseTops)} dense TOPS ({f.Precision.Name}){sparse} x {f.Precision.Bits} bits = {Num.Format(tpp.Value)}, the highest over the {ic.Performance.Count} precision(s) given{tied}.");
            x.Cite(tppDef?.Citation);
            x.Flag(ic.Provenance.UnverifiedFor($"performance[{tpp.Index}]"));
        }
        else
        {
            x.Reason("TPP unknown: no performance figure given.");
        }

        if (rules.Text(ThreeA090.Regime) == ThreeA090.RegimeTppAndDensity)
        {
            var pdDef = rules.Entry("3a090.pd_definition");
            if (inputs.Pd is { } pd)
            {
                x.Reason($"Applicable die area {Num.Format(inputs.Area.AreaMm2)} mm² ({inputs.Area.Explanation}); PD = {Num.Format(inputs.Tpp!.Value)} / {Num.Format(inputs.Area.AreaMm2)} = {Num.Format(pd)}.");
            }
            else if (inputs.Area.NoNonPlanarDie)
            {
                x.Reason("No non-planar logic die: no applicable die area, so no performance-density test can be met.");
            }
            else
            {
                x.Reason($"Performance density unknown: applicable die area {inputs.Area.Explanation}.");
            }

            x.Cite(pdDef?.Citation);
            x.Flag(ic.Provenance.UnverifiedFor("dies"));
            x.Flag(ic.Provenance.UnverifiedFor("datacenter"));
            if (ic.Datacenter is { } dc)
            {
                x.Reason($"{(dc ? "Designed or marketed" : "Not designed or marketed")} for datacenters{(ic.DatacenterSource is null ? "" : $" (source: {ic.DatacenterSource})")}.");
            }
        }
        else if (rules.Text(ThreeA090.Regime) == ThreeA090.RegimeIoAndTpp)
        {
            x.Flag(ic.Provenance.UnverifiedFor("interconnect_gbps"));
        }
    }

    /// <summary>Turns an exploration into status, reasons and the undetermined facts.</summary>
    private static ClassificationStatus Conclude(Exploration.Result explored, IReadOnlyList<FactAxis> axes, Explanation x)
    {
        var unknown = axes.Where(a => !a.Known).Select(a => a.Name).ToList();
        if (explored.Possible.Count > 1)
        {
            x.Reason($"Cannot be decided: {string.Join(" and ", explored.Decisive)} unknown and decisive.");
            foreach (var line in explored.Description)
            {
                x.Undetermined(line);
            }

            foreach (var step in explored.First.Steps.Where(s => s.Citation is not null))
            {
                x.Cite(step.Citation);
            }

            return ClassificationStatus.Undetermined;
        }

        if (unknown.Count > 0)
        {
            var shown = string.Join(", ", axes.Select((a, i) => (a, i)).Where(t => !t.a.Known)
                .Select(t => $"{t.a.Name} = {Num.Format(explored.FirstCombination[t.i])}"));
            x.Reason($"Unknown: {string.Join(", ", unknown)}. Every possible value gives the same result; the reasoning below is shown for {shown}.");
        }

        foreach (var step in explored.First.Steps)
        {
            x.Step(step);
        }

        return explored.First.Paragraph is null ? ClassificationStatus.NotControlled : ClassificationStatus.Controlled;
    }

    private static void NoteFoundryRule(RuleSet rules, RuleOutcome outcome, Explanation x)
    {
        var note = rules.Entry("3a090.a.note1_foundry");
        if (note is not null && outcome.Level != ControlLevel.A)
        {
            x.Note($"{note.Value!.Text} [{note.Cite}; {note.Instrument.Citation}] (recorded, not applied: it binds front-end fabricators and OSATs).");
            x.FlagRule(note.Unverified);
        }
    }

    /// <summary>An IC meeting 3A090.a/.b that is also described elsewhere on the CCL is classified under the matching .z paragraph.</summary>
    private static void NoteZParagraphs(RuleSet rules, RuleOutcome outcome, Explanation x)
    {
        var z = rules.Entry("3a090.z_paragraphs");
        if (z is not null && outcome.Level != ControlLevel.NotControlled)
        {
            x.Note($"If the item is also described by another CCL entry (e.g. encryption), it is classified under the matching .z paragraph ({z.Value!.Text}) with the same licence requirements [{z.Citation}].");
        }
    }

    private static void NoteReviewPolicy2026(IntegratedCircuit ic, IcInputs inputs, RuleSet rules, RuleOutcome outcome, Explanation x)
    {
        var tppEntry = rules.Entry("review_2026.tpp_below");
        var bwEntry = rules.Entry("review_2026.dram_bw_below_gbps");
        if (tppEntry is null || bwEntry is null || outcome.Level == ControlLevel.NotControlled)
        {
            return;
        }

        var tppLimit = tppEntry.Value!.Number!.Value;
        var bwLimit = bwEntry.Value!.Number!.Value;
        var tppOk = inputs.Tpp?.Value < tppLimit;
        var bwOk = ic.MemoryBandwidthGBps < bwLimit;
        var verdict = (inputs.Tpp, ic.MemoryBandwidthGBps) switch
        {
            (null, _) or (_, null) => "cannot be told (TPP or DRAM bandwidth unknown)",
            _ when tppOk == true && bwOk == true => "met",
            _ => "not met",
        };
        x.Note($"Jan 2026 case-by-case review parameters (TPP < {Num.Format(tppLimit)} and total DRAM bandwidth < {Num.Format(bwLimit)} GB/s, exports from the US to China/Macau with certifications): {verdict}"
               + $" (TPP {(inputs.Tpp is null ? "unknown" : Num.Format(inputs.Tpp.Value))}, DRAM {(ic.MemoryBandwidthGBps is { } bw ? Num.Format(bw) + " GB/s" : "unknown")}) [{tppEntry.Citation}]. Review policy only; classification unchanged.");
        x.Flag(ic.Provenance.UnverifiedFor("memory_bandwidth_gbps"));
        x.FlagRule(bwEntry.Unverified);
    }

    // ---------------------------------------------------------------- computers (4A090)

    private ClassificationResult ClassifyComputer(Computer computer, RuleSet rules)
    {
        var x = new Explanation();
        var scope = rules.Entry("4a090.scope");
        var levels = new List<IReadOnlyList<ControlLevel>>();
        decimal? tpp = 0m;
        for (var i = 0; i < computer.Components.Count; i++)
        {
            var component = computer.Components[i];
            var inner = Classify(component.Item, rules.Date);
            var path = $"components[{i}]";
            x.Reason($"{path}: {component.Count} x {component.Item.Label}: {Describe(inner)}.");
            foreach (var c in inner.Citations)
            {
                x.Cite(c);
            }

            x.Flag(inner.Unverified.Select(u => $"{path} ({component.Item.Label}) {u}"));
            x.Flag(computer.Provenance.UnverifiedFor(path));
            tpp = inner.Tpp is { } t && tpp is { } sum ? sum + (t * component.Count) : null;
            levels.Add(inner.Status == ClassificationStatus.Undetermined
                ? inner.PossibleParagraphs.Select(LevelOf).ToList()
                : [LevelOf(inner.Paragraph)]);
        }

        var possible = levels.Aggregate((IEnumerable<ControlLevel>)[ControlLevel.NotControlled],
                (acc, l) => acc.SelectMany(a => l.Select(b => (ControlLevel)Math.Max((int)a, (int)b))))
            .Distinct().Select(l => ComputerParagraph(l, scope)).Distinct().ToList();

        ClassificationStatus status;
        string? paragraph = null;
        if (possible.Count > 1)
        {
            status = ClassificationStatus.Undetermined;
            x.Undetermined($"depends on the undetermined components; possible: {string.Join(", ", possible.Select(p => p ?? "not controlled"))}");
        }
        else
        {
            paragraph = possible[0];
            status = paragraph is null ? ClassificationStatus.NotControlled : ClassificationStatus.Controlled;
            x.Reason(scope is null
                ? "ECCN 4A090 did not exist yet (created by 87 FR 62186, effective 2022-10-07)."
                : paragraph is null
                    ? "No component IC falls in 3A090.a or .b: not 4A090."
                    : $"A computer, assembly or component is classified by its most controlled IC: {paragraph}.");
        }

        if (scope is not null)
        {
            x.Cite(scope.Citation);
            x.FlagRule(scope.Unverified);
        }

        x.Reason(tpp is { } total ? $"Aggregate TPP {Num.Format(total)} (sum of component TPP x count)." : "Aggregate TPP unknown (a component's TPP is unknown).");
        return Result(computer, rules, status, paragraph, possible, x) with
        {
            Tpp = tpp,
            TppPrecision = tpp is null ? null : "aggregate",
            Enforcement = EnforcementNote(scope, rules.Date),
        };
    }

    private static string Describe(ClassificationResult r) => r.Status switch
    {
        ClassificationStatus.Controlled => $"{r.Paragraph}{(r.Tpp is { } t ? $" (TPP {Num.Format(t)})" : "")}",
        ClassificationStatus.NotControlled => $"not controlled{(r.Tpp is { } t ? $" (TPP {Num.Format(t)})" : "")}",
        _ => $"undetermined ({string.Join(", ", r.PossibleParagraphs.Select(p => p ?? "not controlled"))})",
    };

    private static ControlLevel LevelOf(string? paragraph) => paragraph switch
    {
        null => ControlLevel.NotControlled,
        _ when paragraph.StartsWith("3A090.a", StringComparison.Ordinal) || paragraph.StartsWith("4A090.a", StringComparison.Ordinal) => ControlLevel.A,
        _ when paragraph.StartsWith("3A090.b", StringComparison.Ordinal) || paragraph.StartsWith("4A090.b", StringComparison.Ordinal) => ControlLevel.B,
        _ => ControlLevel.NotControlled, // 3A090.c parameters are not used for 4A090 (Note to 3A090)
    };

    /// <summary>4A090.a holds computers with a 3A090.a IC; 4A090.b (from 2023) those with a 3A090.b IC.</summary>
    private static string? ComputerParagraph(ControlLevel level, ParameterEntry? scope) => (level, scope?.Value?.Text) switch
    {
        (_, null) => null,
        (ControlLevel.A, _) => "4A090.a",
        (ControlLevel.B, "contains-3a090a-or-b") => "4A090.b",
        _ => null,
    };

    // ---------------------------------------------------------------- HBM (3A090.c)

    private ClassificationResult ClassifyHbm(HbmStack hbm, RuleSet rules)
    {
        var x = new Explanation();
        var entry = rules.Entry("3a090.c.density_above");
        var density = Metrics.MemoryBandwidthDensity(hbm);
        x.Flag(hbm.Provenance.UnverifiedFor("memory_bandwidth_gbps"));
        x.Flag(hbm.Provenance.UnverifiedFor("package_area_mm2"));
        if (density is { } d)
        {
            x.Reason($"Memory bandwidth density = {Num.Format(hbm.MemoryBandwidthGBps!.Value)} GB/s / {Num.Format(hbm.PackageAreaMm2!.Value)} mm² = {Num.Format(d)} GB/s/mm².");
        }

        var axes = new[]
        {
            density is { } known
                ? FactAxis.KnownValue("memory bandwidth density", known, (_, _) => "")
                : FactAxis.Unknown("memory bandwidth density", entry?.Value?.Number is { } t ? [t] : [], (lo, hi) => Interval("density", lo, hi, " GB/s/mm²")),
        };
        var explored = Exploration.Explore(axes, v => EvaluateHbm(v[0], entry, rules.Date));
        var status = Conclude(explored, axes, x);

        if (entry is not null)
        {
            x.Cite(entry.Citation);
            x.Note("3A090.c does not apply to HBM permanently co-packaged with a logic IC whose primary function is logic: classify such a package as an IC.");
            if (entry.Instrument.Compliance is { } compliance && rules.Date < compliance)
            {
                x.Note($"Compliance with the HBM changes of {entry.Instrument.Citation} is required from {compliance:yyyy-MM-dd}.");
            }

            var le = rules.Entry("le_hbm.density_below");
            if (le is not null && status == ClassificationStatus.Controlled && density is { } dd)
            {
                var eligible = dd < le.Value!.Number!.Value;
                x.Note($"License Exception HBM (§740.25) parameter: density < {Num.Format(le.Value.Number.Value)} GB/s/mm²: {(eligible ? "met" : "not met")} ({Num.Format(dd)}) [{le.Citation}].");
                x.Cite(le.Citation);
            }
        }

        return Result(hbm, rules, status, explored, x) with
        {
            MemoryBandwidthDensity = density,
            Enforcement = EnforcementNote(entry, rules.Date),
        };
    }

    private static RuleOutcome EvaluateHbm(decimal density, ParameterEntry? entry, DateOnly date)
    {
        if (entry is null)
        {
            return new RuleOutcome(ControlLevel.NotControlled, null,
                [new ReasonStep("ECCN 3A090.c did not exist yet (added by 89 FR 96790, effective 2024-12-02).", null)]);
        }

        var threshold = entry.Value!.Number!.Value;
        return density > threshold
            ? new RuleOutcome(ControlLevel.A, "3A090.c", [new ReasonStep($"Density {Num.Format(density)} > {Num.Format(threshold)} GB/s/mm²: 3A090.c.", entry.Citation, entry.Unverified)])
            : new RuleOutcome(ControlLevel.NotControlled, null, [new ReasonStep($"Density {Num.Format(density)} ≤ {Num.Format(threshold)} GB/s/mm² (3A090.c needs more than {Num.Format(threshold)}): not 3A090.c.", entry.Citation, entry.Unverified)]);
    }

    // ---------------------------------------------------------------- model weights (4E091)

    private ClassificationResult ClassifyWeights(ModelWeights w, RuleSet rules)
    {
        var x = new Explanation();
        var min = rules.Entry("4e091.training_ops_min");
        var abs = rules.Entry("4e091.derived.additional_ops_above");
        var frac = rules.Entry("4e091.derived.additional_fraction_above");
        x.Flag(w.Provenance.UnverifiedFor("training_operations"));
        x.Flag(w.Provenance.UnverifiedFor("published"));
        x.Flag(w.Provenance.UnverifiedFor("additional_operations"));

        var opsThresholds = min?.Value?.Number is { } m ? new[] { m } : [];
        var addThresholds = abs?.Value?.Number is { } a ? new[] { a, a * 1000m } : [];
        var axes = new[]
        {
            w.TrainingOperations is { } ops
                ? FactAxis.KnownValue("training operations", ops, (_, _) => "")
                : FactAxis.Unknown("training operations", opsThresholds, (lo, hi) => Interval("training operations", lo, hi, "")),
            FactAxis.Bool("published", w.Published, (lo, _) => lo == 1m ? "published" : "not published"),
            FactAxis.Bool("derived from published weights", w.DerivedFromPublished, (lo, _) => lo == 1m ? "derived from published weights" : "not derived from published weights"),
            w.AdditionalOperations is { } add
                ? FactAxis.KnownValue("additional operations", add, (_, _) => "")
                : FactAxis.Unknown("additional operations", addThresholds, (lo, hi) => Interval("additional operations", lo, hi, "")),
        };
        var explored = Exploration.Explore(axes, v => EvaluateWeights(v, min, abs, frac, rules.Date));
        var status = Conclude(explored, axes, x);
        if (min is not null && status != ClassificationStatus.NotControlled)
        {
            x.Note("Exclusion (2) of 4E091 (models trained with fewer operations than needed to match the most advanced published model) is not evaluated: it needs a self-classification or a BIS classification.");
        }

        return Result(w, rules, status, explored, x) with
        {
            Enforcement = EnforcementNote(min, rules.Date),
        };
    }

    private static RuleOutcome EvaluateWeights(IReadOnlyList<decimal> v, ParameterEntry? min, ParameterEntry? abs, ParameterEntry? frac, DateOnly date)
    {
        if (min is null)
        {
            return new RuleOutcome(ControlLevel.NotControlled, null,
                [new ReasonStep("ECCN 4E091 did not exist yet (added by 90 FR 4544, effective 2025-01-13).", null)]);
        }

        var (ops, published, derived, additional) = (v[0], v[1] == 1m, v[2] == 1m, v[3]);
        var threshold = min.Value!.Number!.Value;
        var steps = new List<ReasonStep>();
        if (published)
        {
            steps.Add(new ReasonStep("Weights are published (15 CFR 734.7(a)): excluded from 4E091.", min.Citation, min.Unverified));
            return new RuleOutcome(ControlLevel.NotControlled, null, steps);
        }

        if (ops < threshold)
        {
            steps.Add(new ReasonStep($"Training operations {Num.Format(ops)} < {Num.Format(threshold)}: not 4E091.", min.Citation, min.Unverified));
            return new RuleOutcome(ControlLevel.NotControlled, null, steps);
        }

        steps.Add(new ReasonStep($"Training operations {Num.Format(ops)} ≥ {Num.Format(threshold)} and weights not published.", min.Citation, min.Unverified));
        if (derived && abs is not null && frac is not null)
        {
            var limit = Math.Max(abs.Value!.Number!.Value, frac.Value!.Number!.Value * ops);
            if (additional <= limit)
            {
                steps.Add(new ReasonStep($"Derived from published weights with {Num.Format(additional)} additional operations ≤ {Num.Format(limit)} (the higher of {Num.Format(abs.Value.Number.Value)} and {Num.Format(frac.Value.Number.Value * 100m)}% of training operations): excluded.", abs.Citation, abs.Unverified));
                return new RuleOutcome(ControlLevel.NotControlled, null, steps);
            }

            steps.Add(new ReasonStep($"Derived from published weights, but {Num.Format(additional)} additional operations > {Num.Format(limit)}: the exclusion is lost.", abs.Citation, abs.Unverified));
        }

        steps.Add(new ReasonStep("Not published and no exclusion applies: 4E091.", min.Citation, min.Unverified));
        return new RuleOutcome(ControlLevel.A, "4E091", steps);
    }

    // ---------------------------------------------------------------- shared

    private static string? EnforcementNote(ParameterEntry? entry, DateOnly date)
    {
        if (entry is null)
        {
            return null;
        }

        var change = entry.Instrument.EnforcementChangeOn(date);
        return change is null || change.Status == EnforcementStatus.Enforced
            ? null
            : $"{entry.Instrument.Citation}: {(change.Status == EnforcementStatus.NotEnforced ? "not enforced" : "suspended")} since {change.From:yyyy-MM-dd} ({change.Cite}); the classification follows the text still in the CCL";
    }

    private static ClassificationResult Result(Item item, RuleSet rules, ClassificationStatus status, Exploration.Result explored, Explanation x) =>
        Result(item, rules, status, explored.Possible.Count == 1 ? explored.Possible[0] : null, explored.Possible, x);

    private static ClassificationResult Result(Item item, RuleSet rules, ClassificationStatus status, string? paragraph, IReadOnlyList<string?> possible, Explanation x)
    {
        foreach (var note in item.Provenance.Notes.Where(n => n.Contains("UNVERIFIED", StringComparison.OrdinalIgnoreCase)))
        {
            x.Flag($"item note: {note}");
        }

        return new ClassificationResult
        {
            Item = item.Label,
            ItemType = item.Type,
            Date = rules.Date,
            RuleSet = rules.Version,
            Status = status,
            Paragraph = status == ClassificationStatus.Controlled ? paragraph : null,
            Eccn = status == ClassificationStatus.Controlled ? EccnOf(paragraph) : null,
            PossibleParagraphs = status == ClassificationStatus.Undetermined ? possible : [],
            Reasons = x.Reasons,
            Citations = x.Citations,
            Unverified = x.Unverified,
            Undetermined = x.UndeterminedFacts,
            Sensitivity = x.Sensitivity,
            Notes = x.Notes,
        };
    }

    /// <summary>"3A090.a.2" → "3A090.a"; "4E091" → "4E091".</summary>
    public static string? EccnOf(string? paragraph) =>
        paragraph is null ? null : paragraph.Length > 7 ? paragraph[..7] : paragraph;
}
