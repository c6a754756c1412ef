using System.CommandLine;
using ComputeGate.Domain.Classification;
using ComputeGate.Domain.Items;
using ComputeGate.Charts;

namespace ComputeGate.Cli;

/// <summary>`classify`, `headroom`, `timeline` (one item on a date) and `catalog`.</summary>
public sealed partial class App
{
    private Command ItemCommand(string name, string description, bool withDate, bool withChart, Func<Item, DateOnly, bool, string?, int> action)
    {
        var item = new Argument<string>("item") { Description = "A catalog id (see `computegate catalog`) or the path of an item file (YAML or JSON)." };
        var date = new Option<string?>("--date") { Description = "As-of date, YYYY-MM-DD (default: today)." };
        var json = new Option<bool>("--json") { Description = "Write JSON for scripts." };
        var chart = ChartOption();
        var command = new Command(name, description) { item };
        if (withDate)
        {
            command.Options.Add(date);
        }

        if (withChart)
        {
            command.Options.Add(chart);
        }

        command.Options.Add(json);
        command.SetAction(r => Guard(() =>
        {
            var asOf = ParseDate(r.GetValue(date));
            return action(ResolveItem(r.GetValue(item)!), asOf, r.GetValue(json), withChart ? r.GetValue(chart) : null);
        }));
        return command;
    }

    private static Option<string?> ChartOption() =>
        new("--chart") { Description = "Also draw the chart: FILE.svg (ScottPlot), or FILE.json for the chart's data." };

    private int Classify(Item item, DateOnly date, bool json)
    {
        var result = _engine.Value.Classifier.Classify(item, date);
        if (json)
        {
            JsonContract.Write(output, JsonContract.Classification(result));
        }
        else
        {
            Render.Classification(console, result);
        }

        return Ok;
    }

    private int ShowHeadroom(Item item, DateOnly date, bool json, string? chart)
    {
        var result = Headroom.Of(_engine.Value.Classifier, item, date);
        if (chart is not null)
        {
            ChartFile.Write(chart, ChartData.Headroom(_engine.Value.Classifier, _engine.Value.Catalog.All(), date, item));
        }

        if (json)
        {
            JsonContract.Write(output, JsonContract.Headroom(result));
        }
        else
        {
            Render.Headroom(console, result);
        }

        return Ok;
    }

    private int ShowTimeline(Item item, DateOnly today, bool json, string? chart)
    {
        var periods = Timeline.Of(_engine.Value.Classifier, item);
        if (chart is not null)
        {
            ChartFile.Write(chart, ChartData.Timeline(item, periods, today));
        }

        if (json)
        {
            JsonContract.Write(output, JsonContract.Timeline(item, periods, _engine.Value.Book.Version));
        }
        else
        {
            Render.Timeline(console, item, periods);
        }

        return Ok;
    }

    private Command CatalogCommand()
    {
        var json = new Option<bool>("--json") { Description = "Write JSON for scripts." };
        var catalog = new Command("catalog", "List the bundled catalog of real items.") { json };
        catalog.SetAction(r => Guard(() => ShowCatalog(r.GetValue(json))));
        return catalog;
    }

    private int ShowCatalog(bool json)
    {
        var items = _engine.Value.Catalog.All();
        if (json)
        {
            JsonContract.Write(output, JsonContract.Catalog(items));
        }
        else
        {
            Render.Catalog(console, items);
        }

        return Ok;
    }
}
