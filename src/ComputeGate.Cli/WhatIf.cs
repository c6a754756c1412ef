using ComputeGate.Application.Checking;
using ComputeGate.Application.WhatIf;
using System.Globalization;
using ComputeGate.Charts;
using ComputeGate.Domain.Licensing;
using ComputeGate.Domain.WhatIf;
using Spectre.Console;

namespace ComputeGate.Cli;

/// <summary>
/// <c>computegate diff</c>, <c>whatif</c> and <c>exposure</c>: what differs between two dates, what a
/// scenario does to an order book, and what an order book is worth by verdict and destination, rendered
/// from the use cases (<see cref="DiffOrderBook"/>, <see cref="RunScenario"/>, <see cref="MeasureExposure"/>).
/// </summary>
/// <param name="limitHeap">Cap the managed heap while streaming (the real process; see <see cref="BookPipeline.LimitHeap"/>).</param>
public sealed class WhatIf(ReferenceData engine, TextWriter output, IAnsiConsole console, bool limitHeap = false)
{
    /// <summary>Migrating lines shown in the table (all of them are in the JSON).</summary>
    private const int LinesShown = 20;

    /// <summary>Rows of each exposure table (by item, destination, end user).</summary>
    private const int TopRows = 10;

    // ------------------------------------------------------------------ diff

    public int DiffCatalog(DateOnly from, DateOnly to, bool json)
    {
        var differences = Diff.Items(engine.Classifier, engine.Catalog.All(), from, to);
        if (json)
        {
            JsonContract.Write(output, new
            {
                from = Day(from),
                to = Day(to),
                ruleSet = engine.Book.Version,
                items = differences.Select(d => new
                {
                    item = d.Item.Id ?? d.Item.Name,
                    from = ItemOutcome.Of(d.From).Describe(),
                    to = ItemOutcome.Of(d.To).Describe(),
                    causes = Causes(d.Causes),
                }),
            });
            return App.Ok;
        }

        var table = new Table().Title($"Catalog items whose classification differs between {Day(from)} and {Day(to)}")
            .AddColumn("Item").AddColumn(Day(from)).AddColumn(Day(to)).AddColumn("Rule change (citation)");
        foreach (var d in differences)
        {
            table.AddRow(E(d.Item.Id ?? d.Item.Name), E(ItemOutcome.Of(d.From).Describe()), E(ItemOutcome.Of(d.To).Describe()), E(CauseText(d.Causes)));
        }

        console.Write(table);
        console.MarkupLine($"{differences.Count} of {engine.Catalog.Ids.Count} items differ. [grey]Rule set {E(engine.Book.Version)}.[/]");
        return App.Ok;
    }

    public int DiffOrders(string file, DateOnly from, DateOnly to, DecisionMode mode, bool json)
    {
        var result = new DiffOrderBook(engine).Run(new DiffOrderBook.Command(file, from, to, mode));
        var (differences, total, unreadable) = (result.Differences, result.Lines, result.Unreadable);
        if (json)
        {
            JsonContract.Write(output, new
            {
                from = Day(from),
                to = Day(to),
                file,
                mode = ModeName(mode),
                ruleSet = engine.Book.Version,
                unreadableLines = unreadable,
                lines = differences.Select(x => new
                {
                    id = x.Row.Id,
                    line = x.Row.LineNumber,
                    item = ItemName(x.Change.Line),
                    destination = x.Change.Line.Destination.Value,
                    endUser = x.Change.Line.EndUser,
                    from = LineOutcome.Of(x.Change.From).Describe(),
                    to = LineOutcome.Of(x.Change.To).Describe(),
                    fromClassification = LineOutcome.Of(x.Change.From).Classification,
                    toClassification = LineOutcome.Of(x.Change.To).Classification,
                    causes = Causes(x.Change.Causes),
                }),
            });
            return App.Ok;
        }

        var table = new Table().Title($"Order lines of {E(Path.GetFileName(file))} decided differently on {Day(from)} and {Day(to)} ({ModeName(mode)})")
            .AddColumn("Id").AddColumn("Item").AddColumn("To").AddColumn(Day(from)).AddColumn(Day(to)).AddColumn("Rule change (citation)");
        foreach (var (row, d) in differences)
        {
            table.AddRow(E(row.Id), E(ItemName(d.Line)), E(d.Line.Destination.Value), E(Outcome(d.From)), E(Outcome(d.To)), E(CauseText(d.Causes)));
        }

        console.Write(table);
        console.MarkupLine($"{differences.Count} of {total} lines differ{(unreadable > 0 ? $"; {unreadable} could not be read (see `computegate check`) and are not compared" : "")}. [grey]Rule set {E(engine.Book.Version)}.[/]");
        return App.Ok;
    }

    // ------------------------------------------------------------------ whatif

    public sealed record WhatIfOptions(string ScenarioFile, string Orders, DateOnly? AsOf, DecisionMode Mode, bool Json, string? Chart);

    public int Scenario(WhatIfOptions o)
    {
        if (limitHeap)
        {
            BookPipeline.LimitHeap();
        }

        var result = new RunScenario(engine).Run(new RunScenario.Command(o.ScenarioFile, o.Orders, o.AsOf, o.Mode, o.Json ? null : LinesShown));
        if (o.Chart is not null)
        {
            ChartFile.Write(o.Chart, ChartData.Migration(result.Summary, result.Scenario.Name));
        }

        if (o.Json)
        {
            WriteScenarioJson(o, result);
        }
        else
        {
            ShowScenario(o, result);
        }

        return App.Ok;
    }

    private void WriteScenarioJson(WhatIfOptions o, RunScenario.Result result)
    {
        var (scenario, law, summary, errors) = (result.Scenario, result.Law, result.Summary, result.Unreadable);
        JsonContract.Write(output, new
        {
            scenario = scenario.Name,
            file = o.ScenarioFile,
            orders = o.Orders,
            asOf = o.AsOf is { } d ? Day(d) : null,
            baseline = new { ruleSet = engine.Book.Version, mode = ModeName(o.Mode) },
            scenarioLaw = new { ruleSet = law.Book.Version, mode = ModeName(law.Mode), listSnapshot = law.Parties.Snapshot },
            changes = scenario.Changes.Select(c => new { label = c.Label, kind = c.GetType().Name, citation = c.Citation }),
            lines = summary.Lines,
            unreadableLines = errors,
            migrations = summary.Migrations.OrderByDescending(m => m.Value.Value).ThenBy(m => m.Key.From, StringComparer.Ordinal).ThenBy(m => m.Key.To, StringComparer.Ordinal)
                .Select(m => TallyJson(m.Value, new { from = m.Key.From, to = m.Key.To })),
            newlyBlocked = TallyJson(summary.NewlyBlocked),
            released = TallyJson(summary.Released),
            newlyBlockedBy = new { item = Keyed(summary.BlockedByItem), destination = Keyed(summary.BlockedByDestination), endUser = Keyed(summary.BlockedByEndUser) },
            releasedBy = new { item = Keyed(summary.ReleasedByItem), destination = Keyed(summary.ReleasedByDestination), endUser = Keyed(summary.ReleasedByEndUser) },
            migratingLines = result.Migrating.Select(m =>
            {
                var line = m.Row.Line!;
                var (from, to) = LineOutcome.Compare(m.From, m.To);
                return new
                {
                    id = line.Id,
                    line = m.Row.LineNumber,
                    date = Day(line.Date),
                    item = ItemName(line),
                    destination = line.Destination.Value,
                    endUser = line.EndUser,
                    quantity = line.Quantity,
                    valueUsd = line.ValueUsd,
                    from,
                    to,
                    causes = m.Causes.Select(c => c.Citation),
                };
            }),
        });
    }

    private void ShowScenario(WhatIfOptions o, RunScenario.Result result)
    {
        var (scenario, law, summary, errors) = (result.Scenario, result.Law, result.Summary, result.Unreadable);
        console.MarkupLine($"[bold]Scenario '{E(scenario.Name)}'[/] ({E(o.ScenarioFile)}) over {summary.Lines:N0} lines of {E(Path.GetFileName(o.Orders))}{(o.AsOf is { } asOf ? $", all decided on {Day(asOf)}" : "")}; baseline {ModeName(o.Mode)}, scenario {ModeName(law.Mode)}.");
        var changes = new Table().Title("The scenario's changes").AddColumn("Label").AddColumn("Kind");
        foreach (var c in scenario.Changes)
        {
            changes.AddRow(E(c.Label), E(c.GetType().Name));
        }

        console.Write(changes);
        var migrations = TallyTable("Lines that migrate", "From → to");
        foreach (var (key, t) in summary.Migrations.OrderByDescending(m => m.Value.Value).ThenBy(m => m.Key.From, StringComparer.Ordinal))
        {
            AddTally(migrations, $"{key.From} → {key.To}", t);
        }

        console.Write(migrations);
        var exposure = TallyTable("Exposure (value = quantity × unit_value_usd)", "Lines that");
        AddTally(exposure, "newly blocked", summary.NewlyBlocked);
        AddTally(exposure, "released", summary.Released);
        console.Write(exposure);
        foreach (var (title, dimension, tallies) in new[]
        {
            ("Newly blocked", "Item", summary.BlockedByItem), ("Newly blocked", "Destination", summary.BlockedByDestination), ("Newly blocked", "End user", summary.BlockedByEndUser),
            ("Released", "Item", summary.ReleasedByItem), ("Released", "Destination", summary.ReleasedByDestination), ("Released", "End user", summary.ReleasedByEndUser),
        })
        {
            if (tallies.Count == 0)
            {
                continue;
            }

            var table = TallyTable($"{title} by {dimension.ToLowerInvariant()} (top {TopRows} by value; {tallies.Count:N0} in all)", dimension);
            foreach (var (key, t) in MigrationSummary.Top(tallies, TopRows))
            {
                AddTally(table, key, t);
            }

            console.Write(table);
        }

        var lines = new Table().Title($"Migrating lines (first {Math.Min(LinesShown, result.Migrating.Count)} of {summary.Migrations.Values.Sum(t => t.Lines):N0}; --json lists all)")
            .AddColumn("Id").AddColumn("Item").AddColumn("To").AddColumn("End user").AddColumn("Baseline → scenario").AddColumn("The scenario's change");
        foreach (var (row, from, to, causes) in result.Migrating)
        {
            var line = row.Line!;
            var (before, after) = LineOutcome.Compare(from, to);
            lines.AddRow(E(row.Id), E(ItemName(line)), E(line.Destination.Value), E(line.EndUser ?? ""), E($"{before} → {after}"), E(string.Join("; ", causes.Select(c => c.What))));
        }

        console.Write(lines);
        if (errors > 0)
        {
            console.MarkupLine($"[yellow]{errors:N0} lines could not be read[/] (see `computegate check`); they are not counted.");
        }
    }

    // ------------------------------------------------------------------ exposure

    public int Exposure(string file, DateOnly? asOf, DecisionMode mode, bool json, string? chart)
    {
        if (limitHeap)
        {
            BookPipeline.LimitHeap();
        }

        var summary = new MeasureExposure(engine).Run(new MeasureExposure.Command(file, asOf, mode));

        if (chart is not null)
        {
            ChartFile.Write(chart, ChartData.Exposure(summary, Path.GetFileName(file)));
        }

        if (json)
        {
            JsonContract.Write(output, new
            {
                file,
                asOf = asOf is { } d ? Day(d) : null,
                mode = ModeName(mode),
                ruleSet = engine.Book.Version,
                total = TallyJson(summary.Total),
                byVerdict = VerdictOrder.Where(summary.ByVerdict.ContainsKey).Select(v => TallyJson(summary.ByVerdict[v], new { verdict = v })),
                byDestination = summary.Destinations().Select(x => new
                {
                    destination = x.Destination,
                    lines = x.Lines,
                    valueUsd = x.Value,
                    byVerdict = VerdictOrder.Where(v => summary.ByDestinationAndVerdict.ContainsKey((x.Destination, v)))
                        .Select(v => TallyJson(summary.ByDestinationAndVerdict[(x.Destination, v)], new { verdict = v })),
                }),
                byItem = Keyed(summary.ByItem),
            });
            return App.Ok;
        }

        var byVerdict = TallyTable($"{E(Path.GetFileName(file))}: {summary.Total.Lines:N0} lines by verdict ({ModeName(mode)}{(asOf is { } a ? $", all on {Day(a)}" : "")})", "Verdict");
        foreach (var v in VerdictOrder.Where(summary.ByVerdict.ContainsKey))
        {
            AddTally(byVerdict, v, summary.ByVerdict[v]);
        }

        AddTally(byVerdict, "total", summary.Total);
        console.Write(byVerdict);
        var destinations = summary.Destinations();
        var byDestination = new Table().Title($"By destination (top {TopRows} by value; {destinations.Count:N0} in all), value in USD").AddColumn("Destination")
            .AddColumn(new TableColumn("Lines").RightAligned()).AddColumn(new TableColumn("Value").RightAligned()).AddColumn(new TableColumn("Ships").RightAligned())
            .AddColumn(new TableColumn("Licence required").RightAligned()).AddColumn(new TableColumn("Review").RightAligned());
        foreach (var (dest, value, count) in destinations.Take(TopRows))
        {
            decimal Sum(Func<string, bool> verdicts) => summary.ByDestinationAndVerdict.Where(x => x.Key.Destination == dest && verdicts(x.Key.Verdict)).Sum(x => x.Value.Value);
            byDestination.AddRow(dest, count.ToString("N0", CultureInfo.InvariantCulture), Money(value), Money(Sum(v => v is "NLR" or "LICENSE_EXCEPTION" or "LICENSED")), Money(Sum(v => v == "LICENSE_REQUIRED")), Money(Sum(v => v == "REVIEW")));
        }

        console.Write(byDestination);
        console.MarkupLine($"[grey]Rule set {E(engine.Book.Version)}. A line without unit_value_usd counts in \"without value\", never as 0.[/]");
        return App.Ok;
    }

    // ------------------------------------------------------------------ shared

    private static readonly string[] VerdictOrder = ["NLR", "LICENSE_EXCEPTION", "LICENSE_REQUIRED", "LICENSED", "REVIEW", "ERROR"];

    private static string E(string? text) => Markup.Escape(text ?? "");

    private static string Day(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Money(decimal v) => v.ToString("N0", CultureInfo.InvariantCulture);

    private static string ModeName(DecisionMode mode) => mode == DecisionMode.AsWritten ? "as written" : "as enforced";

    private static string ItemName(OrderLine line) => line.Item.Id ?? line.Item.Name;

    private static string Outcome(Decision d)
    {
        var o = LineOutcome.Of(d);
        return $"{o.Describe()}; {o.Classification}";
    }

    private static IEnumerable<object> Causes(IReadOnlyList<RuleChange> causes) =>
        causes.Select(c => new { date = Day(c.Date), change = c.What, citation = c.Citation });

    /// <summary>For a table: the causes grouped by date and instrument ("2023-11-17 88 FR 73458 (FR Doc 2023-23055): 3a090.regime, 3a090.a1.tpp_min"); the JSON has every citation.</summary>
    private static string CauseText(IReadOnlyList<RuleChange> causes) =>
        string.Join("; ", causes.GroupBy(c => (c.Date, c.Instrument?.Citation ?? c.Citation)).Select(g => g.First().Instrument is null
            ? $"{Day(g.Key.Date)} {string.Join(", ", g.Select(c => c.What))} ({g.Key.Item2})"
            : $"{Day(g.Key.Date)} {g.Key.Item2}: {string.Join(", ", g.Take(3).Select(c => c.Subject.Replace("parameter ", "", StringComparison.Ordinal)))}{(g.Count() > 3 ? $" and {g.Count() - 3} more (--json)" : "")}"));

    private static object TallyJson(Tally t, object? key = null)
    {
        var tally = new Dictionary<string, object?>
        {
            ["lines"] = t.Lines,
            ["units"] = t.Units,
            ["valueUsd"] = t.Value,
            ["linesWithoutValue"] = t.LinesWithoutValue,
            ["unitsWithoutValue"] = t.UnitsWithoutValue,
        };
        if (key is null)
        {
            return tally;
        }

        var result = key.GetType().GetProperties().ToDictionary(p => p.Name, p => p.GetValue(key));
        foreach (var (k, v) in tally)
        {
            result[k] = v;
        }

        return result;
    }

    private static IEnumerable<object> Keyed(Dictionary<string, Tally> tallies) =>
        MigrationSummary.Top(tallies, int.MaxValue).Select(t => TallyJson(t.Value, new { key = t.Key }));

    private static Table TallyTable(string title, string keyColumn) =>
        new Table().Title(title).AddColumn(keyColumn).AddColumn(new TableColumn("Lines").RightAligned()).AddColumn(new TableColumn("Units").RightAligned())
            .AddColumn(new TableColumn("Value (USD)").RightAligned()).AddColumn(new TableColumn("Lines without value").RightAligned());

    private static void AddTally(Table table, string key, Tally t) =>
        table.AddRow(E(key), t.Lines.ToString("N0", CultureInfo.InvariantCulture), t.Units.ToString("N0", CultureInfo.InvariantCulture), Money(t.Value), t.LinesWithoutValue.ToString("N0", CultureInfo.InvariantCulture));
}
