using ComputeGate.Application.Checking;
using ComputeGate.Domain.Classification;
using ComputeGate.Domain.Licensing;
using ComputeGate.Domain.WhatIf;
using ComputeGate.Formats;

namespace ComputeGate.Application.WhatIf;

/// <summary>
/// What a scenario (an overlay on the law: thresholds, country groups, listed parties, dates) does to an order book:
/// every line decided under the law in force and under the scenario's law, side by side in one pass, and the lines
/// whose outcome changes tallied by migration, item, destination and end user, with the scenario's changes that bear
/// on each.
/// </summary>
public sealed class RunScenario(ReferenceData reference)
{
    /// <param name="AsOf">Decide every line on this date instead of its own.</param>
    /// <param name="KeepLines">How many migrating lines to return (null: all of them).</param>
    public sealed record Command(string ScenarioFile, string Orders, DateOnly? AsOf, DecisionMode Mode, int? KeepLines);

    public sealed record MigratingLine(OrderRow Row, LineOutcome From, LineOutcome To, IReadOnlyList<RuleChange> Causes);

    /// <param name="Unreadable">Lines that could not be read or decided (not counted in the summary).</param>
    public sealed record Result(Scenario Scenario, ScenarioLaw Law, MigrationSummary Summary, IReadOnlyList<MigratingLine> Migrating, long Unreadable);

    public Result Run(Command c)
    {
        var scenario = ScenarioLoader.Load(c.ScenarioFile, InputFiles.ReadText(c.ScenarioFile), reference.Book, reference.Parties, reference.Countries.IsKnown);
        var law = scenario.Apply(reference.Book, reference.Parties, c.Mode);
        var baseline = new OrderBookDecider(reference.Decider(), reference.Classifier, c.Mode, []);
        var changed = new OrderBookDecider(new OrderLineDecider(law.Book, law.Parties, ReferenceData.Version, reference.Screen), new Classifier(law.Book), law.Mode, []);
        var summary = new MigrationSummary();
        var migrating = new List<MigratingLine>();
        var unreadable = 0L;
        using (var orders = OrderBookFile.Open(reference, c.Orders, c.AsOf))
        {
            BookPipeline.Run(
                orders.Rows,
                batch =>
                {
                    // The two deciders share nothing mutable: the scenario decides on another thread.
                    var other = Task.Run(() => batch.Select(r => r.Line is { } l ? changed.Decide(l) : null).ToArray());
                    var before = batch.Select(r => r.Line is { } l ? baseline.Decide(l) : null).ToArray();
                    return (Before: before, After: other.Result);
                },
                (batch, decided) =>
                {
                    for (var i = 0; i < batch.Count; i++)
                    {
                        if (batch[i].Line is not { } line || decided.Before[i] is not { } a || decided.After[i] is not { } b)
                        {
                            unreadable++;
                            continue;
                        }

                        if (summary.Add(line, a, b) && (c.KeepLines is not { } keep || migrating.Count < keep))
                        {
                            var causes = RuleChanges.Bearing(law.Changes, a.Citations.Concat(b.Citations).ToList(), Diff.Countries(line, law.Book.CountryGroups, line.Date));
                            migrating.Add(new MigratingLine(batch[i], LineOutcome.Of(a), LineOutcome.Of(b), causes));
                        }
                    }
                });
        }

        return new Result(scenario, law, summary, migrating, unreadable);
    }
}
