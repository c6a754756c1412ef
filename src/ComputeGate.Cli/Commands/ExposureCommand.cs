using System.CommandLine;

namespace ComputeGate.Cli;

/// <summary>`exposure`: an order book's value by destination and verdict.</summary>
public sealed partial class App
{
    private Command ExposureCommand()
    {
        var orders = new Option<string>("--orders") { Description = "The order book CSV.", Required = true };
        var asOf = new Option<string?>("--as-of") { Description = "Decide every line on this date (YYYY-MM-DD) instead of its own." };
        var asWritten = new Option<bool>("--as-written") { Description = "Apply AI Diffusion (90 FR 4544) as written." };
        var json = new Option<bool>("--json") { Description = "Write JSON for scripts." };
        var chart = ChartOption();
        var command = new Command("exposure", "Summarise an order book by verdict, value and destination.") { orders, asOf, asWritten, json, chart };
        command.SetAction(r => Guard(() => new WhatIf(_engine.Value, output, console, batchHeapLimit).Exposure(
            r.GetValue(orders)!, r.GetValue(asOf) is { } a ? ParseDate(a, "--as-of") : null, Mode(r.GetValue(asWritten)), r.GetValue(json), r.GetValue(chart))));
        return command;
    }
}
