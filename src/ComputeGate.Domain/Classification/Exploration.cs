namespace ComputeGate.Domain.Classification;

/// <summary>
/// One fact a test reads. A known fact has one value; an unknown one is given every value that can
/// change the outcome (0 and each threshold of the rule set; the tests are "≥ threshold" or
/// "&lt; threshold", so these cover every interval). Booleans are 0 and 1.
/// </summary>
internal sealed record FactAxis(string Name, bool Known, IReadOnlyList<decimal> Values, Func<decimal, decimal?, string> Describe)
{
    public static FactAxis KnownValue(string name, decimal value, Func<decimal, decimal?, string> describe) => new(name, true, [value], describe);

    public static FactAxis Unknown(string name, IEnumerable<decimal> thresholds, Func<decimal, decimal?, string> describe) =>
        new(name, false, thresholds.Prepend(0m).Distinct().Order().ToList(), describe);

    public static FactAxis Bool(string name, bool? value, Func<decimal, decimal?, string> describe) =>
        value is { } v ? KnownValue(name, v ? 1m : 0m, describe) : new FactAxis(name, false, [0m, 1m], describe);
}

/// <summary>
/// Evaluates a test over every combination of the values of its facts, so that an unknown fact gives
/// either one result (the fact is not decisive) or several (it is, and we say how).
/// </summary>
internal static class Exploration
{
    public sealed record Result(
        IReadOnlyList<decimal> FirstCombination,
        RuleOutcome First,
        IReadOnlyList<string?> Possible,
        IReadOnlyList<string> Decisive,
        IReadOnlyList<string> Description);

    public static Result Explore(IReadOnlyList<FactAxis> axes, Func<IReadOnlyList<decimal>, RuleOutcome> evaluate)
    {
        var combos = Combinations(axes).ToList();
        var outcomes = combos.Select(c => (Values: c, Outcome: evaluate(c))).ToList();
        var possible = outcomes.Select(o => o.Outcome.Paragraph).Distinct().ToList();
        var decisive = new List<string>();
        var description = new List<string>();
        if (possible.Count > 1)
        {
            for (var i = 0; i < axes.Count; i++)
            {
                if (axes[i].Known)
                {
                    continue;
                }

                var index = i;
                var varies = outcomes.GroupBy(o => Key(o.Values, index)).Any(g => g.Select(o => o.Outcome.Paragraph).Distinct().Count() > 1);
                if (varies)
                {
                    decisive.Add(axes[i].Name);
                }
            }

            if (decisive.Count == 1)
            {
                var axisIndex = axes.ToList().FindIndex(a => a.Name == decisive[0]);
                var axis = axes[axisIndex];
                var runs = new List<(decimal From, string? Paragraph)>();
                foreach (var value in axis.Values)
                {
                    var paragraph = outcomes.First(o => o.Values[axisIndex] == value).Outcome.Paragraph;
                    if (runs.Count == 0 || runs[^1].Paragraph != paragraph)
                    {
                        runs.Add((value, paragraph));
                    }
                }

                for (var r = 0; r < runs.Count; r++)
                {
                    decimal? upTo = r + 1 < runs.Count ? runs[r + 1].From : null;
                    description.Add($"if {axis.Describe(runs[r].From, upTo)}: {runs[r].Paragraph ?? "not controlled"}");
                }
            }
            else
            {
                description.Add($"depends on {string.Join(" and ", decisive)}; possible: {string.Join(", ", possible.Select(p => p ?? "not controlled"))}");
            }
        }

        return new Result(outcomes[0].Values, outcomes[0].Outcome, possible, decisive, description);
    }

    private static string Key(IReadOnlyList<decimal> values, int except) =>
        string.Join("|", values.Select((v, i) => i == except ? "*" : v.ToString(System.Globalization.CultureInfo.InvariantCulture)));

    private static IEnumerable<IReadOnlyList<decimal>> Combinations(IReadOnlyList<FactAxis> axes)
    {
        IEnumerable<IReadOnlyList<decimal>> acc = [[]];
        foreach (var axis in axes)
        {
            var current = axis;
            acc = acc.SelectMany(prefix => current.Values.Select(v => (IReadOnlyList<decimal>)[.. prefix, v]));
        }

        return acc;
    }
}
