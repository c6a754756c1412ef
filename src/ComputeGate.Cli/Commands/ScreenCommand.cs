using ComputeGate.Domain;
using System.CommandLine;
using ComputeGate.Application.Screening;

namespace ComputeGate.Cli;

/// <summary>`screen`: names against the loaded restricted-party lists.</summary>
public sealed partial class App
{
    private Command ScreenCommand()
    {
        var file = new Argument<string?>("names") { Description = "A CSV of names: columns id, name and optional country.", Arity = ArgumentArity.ZeroOrOne };
        var name = new Option<string?>("--name") { Description = "One name to screen." };
        var country = new Option<string?>("--country") { Description = "The party's country (ISO alpha-2): a qualifier of the score, never decisive alone." };
        var threshold = new Option<double>("--threshold") { Description = "Score from which a match is a HIT (0..1).", DefaultValueFactory = _ => Domain.Screening.ScreeningIndex.DefaultThreshold };
        var format = new Option<string?>("--format") { Description = "table | jsonl (default: table on a terminal, jsonl otherwise)." };
        var json = new Option<bool>("--json") { Description = "One name: write JSON." };
        var db = new Option<string?>("--db") { Description = "The store file (default: $COMPUTEGATE_DB, else ~/.local/share/computegate/computegate.db)." };
        var orgTypes = new Option<string?>("--org-types") { Description = "Legal-form vocabulary (OpenSanctions org_types.yml) used to normalise names; default $COMPUTEGATE_ORG_TYPES." };
        var command = new Command("screen", "Screen names against the restricted-party lists in the store (fuzzy and cross-script), each match explained.")
        {
            file, name, country, threshold, format, json, db, orgTypes,
        };
        command.SetAction(r => Guard(() =>
        {
            var t = r.GetValue(threshold);
            if (t is < 0 or > 1 || double.IsNaN(t))
            {
                throw new InputException("--threshold", null, null, $"{t} is not between 0 and 1");
            }

            using var store = Store.StoreSession.Open(StorePath(r.GetValue(db)), clock);
            // Not prepared (ScreeningIndex.Prepare): a run meets a small part of the listed words, so searching
            // each on first sight costs less than searching all 40,000 up front (about 2 s of CPU).
            var index = ListScreening.Load(store, _engine.Value, ScreeningOptions.From(r.GetValue(orgTypes), t), required: true, warnings: error).Index!;
            var screen = new Screen(output, error, console);
            if (r.GetValue(file) is { } names)
            {
                var fmt = r.GetValue(format) ?? (!Console.IsOutputRedirected && output == Console.Out ? "table" : "jsonl");
                return screen.Batch(index, names, fmt, t);
            }

            var one = r.GetValue(name) ?? throw new InputException("screen", null, null, "give --name or a CSV of names");
            return screen.One(index, one, r.GetValue(country), t, r.GetValue(json));
        }));
        return command;
    }
}
