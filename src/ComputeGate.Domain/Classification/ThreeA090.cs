using ComputeGate.Domain.Law;

namespace ComputeGate.Domain.Classification;

/// <summary>How controlled an IC is under 3A090 (and so a computer under 4A090): higher is more controlled.</summary>
public enum ControlLevel
{
    NotControlled = 0,
    B = 1,
    A = 2,
}

/// <summary>The facts 3A090 reads, all known. PD is 0 when the IC has no non-planar logic die.</summary>
public readonly record struct IcFacts(decimal Tpp, decimal Pd, bool Datacenter, decimal InterconnectGBps);

/// <summary>One step of reasoning with the rule text it applies.</summary>
public sealed record ReasonStep(string Text, string? Citation, string? Unverified = null);

/// <summary>The outcome of one classification test for one set of known facts.</summary>
public sealed record RuleOutcome(ControlLevel Level, string? Paragraph, IReadOnlyList<ReasonStep> Steps);

/// <summary>
/// ECCN 3A090.a/.b for integrated circuits: the 2022 test (I/O AND TPP) and the 2023 test (TPP and
/// performance density, Note 2). The thresholds come from the rule set of the date; this file holds
/// the logic only. Parameter names are those of rules/parameters.yaml.
/// </summary>
public static class ThreeA090
{
    public const string Regime = "3a090.regime";
    public const string RegimeIoAndTpp = "io-and-tpp";
    public const string RegimeTppAndDensity = "tpp-and-density";

    /// <summary>Every TPP threshold of the regime in force (for headroom and for exploring unknown TPP).</summary>
    public static IReadOnlyList<string> TppParameters(RuleSet rules) => rules.Text(Regime) switch
    {
        RegimeIoAndTpp => ["3a090.2022.tpp_min"],
        RegimeTppAndDensity => ["3a090.a1.tpp_min", "3a090.a2.tpp_min", "3a090.b1.tpp_min", "3a090.b1.tpp_below", "3a090.b2.tpp_min", "3a090.note2.tpp_min"],
        _ => [],
    };

    public static IReadOnlyList<string> PdParameters(RuleSet rules) => rules.Text(Regime) switch
    {
        RegimeTppAndDensity => ["3a090.a2.pd_min", "3a090.b1.pd_min", "3a090.b1.pd_below", "3a090.b2.pd_min", "3a090.b2.pd_below"],
        _ => [],
    };

    public static IReadOnlyList<string> IoParameters(RuleSet rules) => rules.Text(Regime) switch
    {
        RegimeIoAndTpp => ["3a090.2022.io_min_gbps"],
        _ => [],
    };

    public static RuleOutcome Evaluate(IcFacts f, RuleSet rules)
    {
        var regime = rules.Entry(Regime);
        return regime?.Value?.Text switch
        {
            null => new RuleOutcome(ControlLevel.NotControlled, null,
                [new ReasonStep("ECCN 3A090 did not exist yet (created by 87 FR 62186, effective 2022-10-07).", null)]),
            RegimeIoAndTpp => Evaluate2022(f, rules),
            RegimeTppAndDensity => Evaluate2023(f, rules),
            var other => throw new InvalidOperationException($"rules: unknown 3A090 regime '{other}'"),
        };
    }

    private static ReasonStep Step(RuleSet rules, string parameter, string text)
    {
        var entry = rules.Entry(parameter)!;
        return new ReasonStep(text, entry.Citation, entry.Unverified);
    }

    private static string Cmp(decimal value, decimal threshold, bool met, string op) =>
        $"{Num.Format(value)} {(met ? op : Negate(op))} {Num.Format(threshold)}";

    private static string Negate(string op) => op switch { "≥" => "<", "<" => "≥", ">" => "≤", _ => "not " + op };

    /// <summary>87 FR 62186, 3A090.a (2022): I/O ≥ 600 GB/s AND (bit length x TOPS) ≥ 4800.</summary>
    private static RuleOutcome Evaluate2022(IcFacts f, RuleSet rules)
    {
        var io = rules.Required("3a090.2022.io_min_gbps");
        var tpp = rules.Required("3a090.2022.tpp_min");
        var ioMet = f.InterconnectGBps >= io;
        var tppMet = f.Tpp >= tpp;
        var steps = new List<ReasonStep>
        {
            Step(rules, "3a090.2022.io_min_gbps", $"Chip-to-chip I/O {Cmp(f.InterconnectGBps, io, ioMet, "≥")} GB/s"),
            Step(rules, "3a090.2022.tpp_min", $"bit length x TOPS {Cmp(f.Tpp, tpp, tppMet, "≥")}"),
        };
        if (ioMet && tppMet)
        {
            steps.Add(Step(rules, Regime, "Both tests met (the 2022 rule requires both): 3A090.a.1."));
            return new RuleOutcome(ControlLevel.A, "3A090.a.1", steps);
        }

        steps.Add(Step(rules, Regime, "The 2022 rule requires both the I/O and the TPP test: not 3A090."));
        return new RuleOutcome(ControlLevel.NotControlled, null, steps);
    }

    /// <summary>88 FR 73458, 3A090.a/.b (2023): TPP and performance density; Note 2 for non-datacenter ICs.</summary>
    private static RuleOutcome Evaluate2023(IcFacts f, RuleSet rules)
    {
        var steps = new List<ReasonStep>();
        var note2 = rules.Required("3a090.note2.tpp_min");
        if (!f.Datacenter && f.Tpp < note2)
        {
            steps.Add(Step(rules, "3a090.note2.tpp_min",
                $"Not designed or marketed for datacenters and TPP {Cmp(f.Tpp, note2, true, "<")}: Note 2 to 3A090 puts it outside 3A090."));
            return new RuleOutcome(ControlLevel.NotControlled, null, steps);
        }

        if (!f.Datacenter)
        {
            steps.Add(Step(rules, "3a090.note2.tpp_min",
                $"Not designed or marketed for datacenters, but TPP {Cmp(f.Tpp, note2, true, "≥")}: Note 2 does not apply."));
        }

        var a1 = rules.Required("3a090.a1.tpp_min");
        if (f.Tpp >= a1)
        {
            steps.Add(Step(rules, "3a090.a1.tpp_min", $"TPP {Cmp(f.Tpp, a1, true, "≥")}: 3A090.a.1."));
            return new RuleOutcome(ControlLevel.A, "3A090.a.1", steps);
        }

        steps.Add(Step(rules, "3a090.a1.tpp_min", $"TPP {Cmp(f.Tpp, a1, false, "≥")}: not 3A090.a.1."));

        var a2Tpp = rules.Required("3a090.a2.tpp_min");
        var a2Pd = rules.Required("3a090.a2.pd_min");
        if (f.Tpp >= a2Tpp && f.Pd >= a2Pd)
        {
            steps.Add(Step(rules, "3a090.a2.pd_min", $"TPP {Cmp(f.Tpp, a2Tpp, true, "≥")} and PD {Cmp(f.Pd, a2Pd, true, "≥")}: 3A090.a.2."));
            return new RuleOutcome(ControlLevel.A, "3A090.a.2", steps);
        }

        steps.Add(Step(rules, "3a090.a2.pd_min",
            $"3A090.a.2 needs TPP ≥ {Num.Format(a2Tpp)} and PD ≥ {Num.Format(a2Pd)}; TPP {Num.Format(f.Tpp)}, PD {Num.Format(f.Pd)}: not met."));

        var b1Tpp = rules.Required("3a090.b1.tpp_min");
        var b1TppBelow = rules.Required("3a090.b1.tpp_below");
        var b1Pd = rules.Required("3a090.b1.pd_min");
        var b1PdBelow = rules.Required("3a090.b1.pd_below");
        var b1 = f.Tpp >= b1Tpp && f.Tpp < b1TppBelow && f.Pd >= b1Pd && f.Pd < b1PdBelow;
        if (b1)
        {
            steps.Add(Step(rules, "3a090.b1.tpp_min",
                $"{Num.Format(b1Tpp)} ≤ TPP {Num.Format(f.Tpp)} < {Num.Format(b1TppBelow)} and {Num.Format(b1Pd)} ≤ PD {Num.Format(f.Pd)} < {Num.Format(b1PdBelow)}: 3A090.b.1."));
            return new RuleOutcome(ControlLevel.B, "3A090.b.1", steps);
        }

        steps.Add(Step(rules, "3a090.b1.tpp_min",
            $"3A090.b.1 needs {Num.Format(b1Tpp)} ≤ TPP < {Num.Format(b1TppBelow)} and {Num.Format(b1Pd)} ≤ PD < {Num.Format(b1PdBelow)}: not met."));

        var b2Tpp = rules.Required("3a090.b2.tpp_min");
        var b2Pd = rules.Required("3a090.b2.pd_min");
        var b2PdBelow = rules.Required("3a090.b2.pd_below");
        if (f.Tpp >= b2Tpp && f.Pd >= b2Pd && f.Pd < b2PdBelow)
        {
            steps.Add(Step(rules, "3a090.b2.pd_min",
                $"TPP {Cmp(f.Tpp, b2Tpp, true, "≥")} and {Num.Format(b2Pd)} ≤ PD {Num.Format(f.Pd)} < {Num.Format(b2PdBelow)}: 3A090.b.2."));
            return new RuleOutcome(ControlLevel.B, "3A090.b.2", steps);
        }

        steps.Add(Step(rules, "3a090.b2.pd_min",
            $"3A090.b.2 needs TPP ≥ {Num.Format(b2Tpp)} and {Num.Format(b2Pd)} ≤ PD < {Num.Format(b2PdBelow)}: not met. Not 3A090."));
        return new RuleOutcome(ControlLevel.NotControlled, null, steps);
    }
}
