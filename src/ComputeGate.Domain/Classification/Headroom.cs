using ComputeGate.Domain.Items;
using ComputeGate.Domain.Law;

namespace ComputeGate.Domain.Classification;

/// <summary>
/// One threshold of the law against the item's value. <see cref="Margin"/> = threshold − value: for a
/// "≥"/">" test a positive margin is the distance still to go; for a "&lt;" test it is the room left.
/// </summary>
public sealed record ThresholdDistance(
    string Paragraph,
    string Fact,
    string Comparison,
    decimal Threshold,
    decimal? Value,
    decimal? Margin,
    bool? Met,
    string Citation,
    string? Unverified);

/// <summary>What keeps an item outside a paragraph, each other fact held as it is.</summary>
public sealed record ParagraphLimit(
    string Outside,
    bool CurrentlyOutside,
    decimal? MaxTppExclusive,
    IReadOnlyDictionary<string, decimal> MaxDenseTopsExclusive,
    decimal? MinDieAreaExclusive,
    IReadOnlyList<string> Explanation);

public sealed record HeadroomResult(
    ClassificationResult Classification,
    IReadOnlyList<ThresholdDistance> Thresholds,
    IReadOnlyList<ParagraphLimit> Limits,
    IReadOnlyList<string> Notes);

/// <summary>
/// Headroom: how far an item sits from each threshold in force, and the largest TPP / dense TOPS per
/// precision and smallest applicable die area that keep it outside each paragraph (how the H20 was designed).
/// The search is exact: 3A090 is monotone in TPP and PD, and its outcome can only change where TPP or
/// PD = TPP / area crosses a threshold, so only those points are evaluated.
/// </summary>
public static class Headroom
{
    private sealed record Test(string Paragraph, string Fact, string Comparison, string Parameter);

    private static IReadOnlyList<Test> Tests(RuleSet rules) => rules.Text(ThreeA090.Regime) switch
    {
        ThreeA090.RegimeIoAndTpp =>
        [
            new("3A090.a.1", "I/O (GB/s)", "≥", "3a090.2022.io_min_gbps"),
            new("3A090.a.1", "TPP", "≥", "3a090.2022.tpp_min"),
        ],
        ThreeA090.RegimeTppAndDensity =>
        [
            new("3A090.a.1", "TPP", "≥", "3a090.a1.tpp_min"),
            new("3A090.a.2", "TPP", "≥", "3a090.a2.tpp_min"),
            new("3A090.a.2", "PD", "≥", "3a090.a2.pd_min"),
            new("3A090.b.1", "TPP", "≥", "3a090.b1.tpp_min"),
            new("3A090.b.1", "TPP", "<", "3a090.b1.tpp_below"),
            new("3A090.b.1", "PD", "≥", "3a090.b1.pd_min"),
            new("3A090.b.1", "PD", "<", "3a090.b1.pd_below"),
            new("3A090.b.2", "TPP", "≥", "3a090.b2.tpp_min"),
            new("3A090.b.2", "PD", "≥", "3a090.b2.pd_min"),
            new("3A090.b.2", "PD", "<", "3a090.b2.pd_below"),
            new("Note 2 (non-datacenter ICs outside 3A090)", "TPP", "<", "3a090.note2.tpp_min"),
        ],
        _ => [],
    };

    public static HeadroomResult Of(Classifier classifier, Item item, DateOnly date)
    {
        var classification = classifier.Classify(item, date);
        var rules = classifier.Book.On(date);
        var notes = new List<string>();
        var thresholds = new List<ThresholdDistance>();
        var limits = new List<ParagraphLimit>();
        switch (item)
        {
            case IntegratedCircuit ic:
                var inputs = Classifier.Inputs(ic);
                foreach (var t in Tests(rules))
                {
                    var value = t.Fact switch
                    {
                        "TPP" => inputs.Tpp?.Value,
                        "PD" => inputs.Pd,
                        _ => ic.InterconnectGBps,
                    };
                    thresholds.Add(Distance(rules, t.Paragraph, t.Fact, t.Comparison, t.Parameter, value));
                }

                AddReviewPolicy2026(rules, inputs.Tpp?.Value, ic.MemoryBandwidthGBps, thresholds);
                if (rules.Text(ThreeA090.Regime) is not null)
                {
                    limits.Add(Limit(ic, inputs, rules, ControlLevel.A, "3A090.a"));
                    if (rules.Text(ThreeA090.Regime) == ThreeA090.RegimeTppAndDensity)
                    {
                        limits.Add(Limit(ic, inputs, rules, ControlLevel.B, "3A090 (.a and .b)"));
                    }
                }
                else
                {
                    notes.Add($"No 3A090 thresholds were in force on {date:yyyy-MM-dd}.");
                }

                if (ic.Datacenter is null)
                {
                    notes.Add("Datacenter designation unknown: limits assume designed or marketed for datacenters (the stricter case).");
                }

                break;
            case HbmStack hbm:
                var density = Metrics.MemoryBandwidthDensity(hbm);
                if (rules.Entry("3a090.c.density_above") is not null)
                {
                    thresholds.Add(Distance(rules, "3A090.c", "density (GB/s/mm²)", ">", "3a090.c.density_above", density));
                }

                if (rules.Entry("le_hbm.density_below") is not null)
                {
                    thresholds.Add(Distance(rules, "License Exception HBM", "density (GB/s/mm²)", "<", "le_hbm.density_below", density));
                }

                break;
            case ModelWeights w:
                if (rules.Entry("4e091.training_ops_min") is not null)
                {
                    thresholds.Add(Distance(rules, "4E091", "training operations", "≥", "4e091.training_ops_min", w.TrainingOperations));
                }

                break;
            case Computer computer:
                notes.Add("A computer is classified by its most controlled IC: see the headroom of each component.");
                foreach (var c in computer.Components)
                {
                    notes.Add($"{c.Count} x {c.Item.Label}: {classifier.Classify(c.Item, date).Paragraph ?? "not controlled"}");
                }

                if (classification.Tpp is { } aggregate)
                {
                    AddReviewPolicy2026(rules, aggregate, null, thresholds);
                }

                break;
        }

        return new HeadroomResult(classification, thresholds, limits, notes);
    }

    private static void AddReviewPolicy2026(RuleSet rules, decimal? tpp, decimal? dramBandwidth, List<ThresholdDistance> thresholds)
    {
        if (rules.Entry("review_2026.tpp_below") is null)
        {
            return;
        }

        thresholds.Add(Distance(rules, "Jan 2026 case-by-case review (China/Macau)", "TPP", "<", "review_2026.tpp_below", tpp));
        thresholds.Add(Distance(rules, "Jan 2026 case-by-case review (China/Macau)", "total DRAM bandwidth (GB/s)", "<", "review_2026.dram_bw_below_gbps", dramBandwidth));
    }

    private static ThresholdDistance Distance(RuleSet rules, string paragraph, string fact, string comparison, string parameter, decimal? value)
    {
        var entry = rules.Entry(parameter)!;
        var threshold = entry.Value!.Number!.Value;
        bool? met = value is not { } v ? null : comparison switch
        {
            "≥" => v >= threshold,
            ">" => v > threshold,
            _ => v < threshold,
        };
        return new ThresholdDistance(paragraph, fact, comparison, threshold, value, threshold - value, met, entry.Citation, entry.Unverified);
    }

    /// <summary>The level of an IC at a TPP and applicable die area, other facts as they are (unknown datacenter: the stricter case; unknown I/O: the stricter case).</summary>
    private static ControlLevel LevelAt(IntegratedCircuit ic, decimal tpp, decimal? area, RuleSet rules) =>
        OutcomeAt(ic, tpp, area, rules).Level;

    private static RuleOutcome OutcomeAt(IntegratedCircuit ic, decimal tpp, decimal? area, RuleSet rules)
    {
        var io = ic.InterconnectGBps ?? ThreeA090.IoParameters(rules).Select(rules.Required).DefaultIfEmpty(0m).Max();
        var pd = area is > 0m ? tpp / area.Value : 0m;
        return ThreeA090.Evaluate(new IcFacts(tpp, pd, ic.Datacenter ?? true, io), rules);
    }

    private static ParagraphLimit Limit(IntegratedCircuit ic, Classifier.IcInputs inputs, RuleSet rules, ControlLevel target, string name)
    {
        var explanation = new List<string>();
        var area = inputs.Area.Known ? inputs.Area.AreaMm2 : (decimal?)null;
        var pdThresholds = ThreeA090.PdParameters(rules).Select(rules.Required).ToList();
        if (area is null && pdThresholds.Count > 0)
        {
            explanation.Add("Applicable die area unknown: the TPP limit assumes PD below every density threshold; a smaller die lowers it.");
        }

        // Largest TPP outside: the smallest critical TPP at which the level reaches the target.
        var critical = ThreeA090.TppParameters(rules).Select(rules.Required)
            .Concat(area is > 0m ? pdThresholds.Select(p => p * area.Value) : [])
            .Distinct().Order();
        decimal? maxTpp = critical.Cast<decimal?>().FirstOrDefault(c => LevelAt(ic, c!.Value, area, rules) >= target);

        var tops = new Dictionary<string, decimal>();
        if (maxTpp is { } limit)
        {
            foreach (var p in ic.Performance.Select(f => f.Precision).DistinctBy(p => p.Name))
            {
                tops[p.Name] = limit / p.Bits;
            }

            var now = inputs.Tpp?.Value;
            explanation.Add(now is { } t
                ? $"TPP must stay below {Num.Format(limit)}: now {Num.Format(t)} ({(t < limit ? $"{Num.Format(limit - t)} of headroom" : $"{Num.Format(t - limit)} over")})."
                : $"TPP must stay below {Num.Format(limit)}.");
        }
        else
        {
            explanation.Add("No TPP brings it into this paragraph with its other facts as they are.");
        }

        // Smallest applicable die area outside: the largest critical area at which the level reaches the target.
        decimal? minArea = null;
        if (inputs.Tpp is { } tpp && pdThresholds.Count > 0)
        {
            if (LevelAt(ic, tpp.Value, null, rules) >= target)
            {
                explanation.Add($"No die area keeps it outside: TPP {Num.Format(tpp.Value)} alone decides.");
            }
            else
            {
                minArea = pdThresholds.Where(p => p > 0m).Select(p => tpp.Value / p).Distinct().OrderDescending()
                    .Cast<decimal?>().FirstOrDefault(a => LevelAt(ic, tpp.Value, a, rules) >= target);
                explanation.Add(minArea is { } m
                    ? $"Applicable die area must stay above {Num.Format(m)} mm²{(area is { } now ? $": now {Num.Format(now)} mm²" : "")}."
                    : "Any die area keeps it outside.");
            }
        }

        var outside = inputs.Tpp is { } current && LevelAt(ic, current.Value, area, rules) < target;
        return new ParagraphLimit(name, outside, maxTpp, tops, minArea, explanation);
    }

    /// <summary>
    /// For classification output: which change of the item's own facts would make it more controlled,
    /// such as "would be 3A090.b.2 if the applicable die area were ≤ 740 mm²".
    /// </summary>
    internal static IEnumerable<string> Sensitivity(IntegratedCircuit ic, Classifier.IcInputs inputs, RuleSet rules)
    {
        if (inputs.Tpp is not { } tpp || rules.Text(ThreeA090.Regime) is null)
        {
            yield break;
        }

        var area = inputs.Area.Known ? inputs.Area.AreaMm2 : (decimal?)null;
        var current = LevelAt(ic, tpp.Value, area, rules);
        var pdThresholds = ThreeA090.PdParameters(rules).Select(rules.Required).Where(p => p > 0m).ToList();
        foreach (var a in pdThresholds.Select(p => tpp.Value / p).Distinct().OrderDescending())
        {
            var outcome = OutcomeAt(ic, tpp.Value, a, rules);
            if (outcome.Level > current && (area is null || a < area))
            {
                yield return $"Would be {outcome.Paragraph} if the applicable die area were ≤ {Num.Format(a)} mm² (PD ≥ {Num.Format(tpp.Value / a)}).";
                break;
            }
        }

        var critical = ThreeA090.TppParameters(rules).Select(rules.Required)
            .Concat(area is > 0m ? pdThresholds.Select(p => p * area.Value) : [])
            .Where(c => c > tpp.Value).Distinct().Order();
        foreach (var c in critical)
        {
            var outcome = OutcomeAt(ic, c, area, rules);
            if (outcome.Level > current)
            {
                yield return $"Would be {outcome.Paragraph} at TPP ≥ {Num.Format(c)} ({Num.Format(c - tpp.Value)} more than now).";
                break;
            }
        }

        if (rules.Text(ThreeA090.Regime) == ThreeA090.RegimeIoAndTpp && ic.InterconnectGBps is { } io)
        {
            var ioMin = rules.Required("3a090.2022.io_min_gbps");
            var withIo = ThreeA090.Evaluate(new IcFacts(tpp.Value, 0m, ic.Datacenter ?? true, ioMin), rules);
            if (io < ioMin && withIo.Level > current)
            {
                yield return $"Would be {withIo.Paragraph} with chip-to-chip I/O ≥ {Num.Format(ioMin)} GB/s (now {Num.Format(io)}).";
            }
        }
    }
}
