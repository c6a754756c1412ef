using System.CommandLine;

namespace ComputeGate.Cli;

/// <summary>`whatif`: an order book decided under a scenario overlay against the law in force.</summary>
public sealed partial class App
{
    private Command WhatIfCommand()
    {
        var scenario = new Argument<string>("scenario") { Description = "A scenario YAML: changes overlaid on rules/ (see examples/scenarios/)." };
        var orders = new Option<string>("--orders") { Description = "The order book CSV.", Required = true };
        var asOf = new Option<string?>("--as-of") { Description = "Decide every line on this date (YYYY-MM-DD) instead of its own." };
        var asWritten = new Option<bool>("--as-written") { Description = "Baseline and scenario apply AI Diffusion (90 FR 4544) as written." };
        var json = new Option<bool>("--json") { Description = "Write JSON for scripts (every migrating line included)." };
        var chart = ChartOption();
        var command = new Command("whatif", "Decide every line under the baseline and under a scenario; report the lines that migrate and the exposure newly blocked or released.")
        {
            scenario, orders, asOf, asWritten, json, chart,
        };
        command.SetAction(r => Guard(() => new WhatIf(_engine.Value, output, console, batchHeapLimit).Scenario(new WhatIf.WhatIfOptions(
            r.GetValue(scenario)!, r.GetValue(orders)!, r.GetValue(asOf) is { } a ? ParseDate(a, "--as-of") : null, Mode(r.GetValue(asWritten)), r.GetValue(json), r.GetValue(chart)))));
        return command;
    }
}
