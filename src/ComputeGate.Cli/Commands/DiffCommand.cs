using ComputeGate.Domain;
using System.CommandLine;

namespace ComputeGate.Cli;

/// <summary>`diff`: what changed in the law between two dates, and for which catalog items.</summary>
public sealed partial class App
{
    private Command DiffCommand()
    {
        var from = new Option<string>("--from") { Description = "The earlier date (YYYY-MM-DD).", Required = true };
        var to = new Option<string>("--to") { Description = "The later date (YYYY-MM-DD); changes in force from a date after --from up to --to are reported.", Required = true };
        var catalog = new Option<bool>("--catalog") { Description = "Compare the classification of every catalog item." };
        var orders = new Option<string?>("--orders") { Description = "Compare the decisions of every line of an order book (each line decided on both dates)." };
        var asWritten = new Option<bool>("--as-written") { Description = "With --orders: apply AI Diffusion (90 FR 4544) as written." };
        var json = new Option<bool>("--json") { Description = "Write JSON for scripts." };
        var command = new Command("diff", "What differs between two dates (classification, licence requirement, exception, review policy), with the rule change that caused it and its citation.")
        {
            from, to, catalog, orders, asWritten, json,
        };
        command.SetAction(r => Guard(() =>
        {
            var a = ParseDate(r.GetValue(from), "--from");
            var b = ParseDate(r.GetValue(to), "--to");
            if (b <= a)
            {
                throw new InputException("--to", null, null, $"{b:yyyy-MM-dd} must be after --from {a:yyyy-MM-dd}");
            }

            var whatIf = new WhatIf(_engine.Value, output, console);
            var book = r.GetValue(orders);
            return (r.GetValue(catalog), book) switch
            {
                (true, null) => whatIf.DiffCatalog(a, b, r.GetValue(json)),
                (false, { } file) => whatIf.DiffOrders(file, a, b, Mode(r.GetValue(asWritten)), r.GetValue(json)),
                _ => throw new InputException("diff", null, null, "give --catalog or --orders FILE (one of them)"),
            };
        }));
        return command;
    }
}
