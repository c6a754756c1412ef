using ComputeGate.Domain;
using System.CommandLine;
using ComputeGate.Application.Checking;
using ComputeGate.Store;

namespace ComputeGate.Cli;

/// <summary>`licenses`: the licences held in the store (import, list with drawdown).</summary>
public sealed partial class App
{
    private Command LicensesCommand()
    {
        var command = new Command("licenses", "Licences held, in the store: import a licence file, list the licences with what is left of them.");
        var db = new Option<string?>("--db") { Description = "The store (a SQLite file or a PostgreSQL connection string; default: $COMPUTEGATE_DB, else ~/.local/share/computegate/computegate.db)." };
        var json = new Option<bool>("--json") { Description = "Write JSON for scripts." };
        var file = new Argument<string>("file") { Description = "A licence file (YAML or CSV, as for `check --licenses`)." };
        var import = new Command("import", "Add the file's licences to the store (a known number gets the new terms and keeps what was drawn). Malformed licences are reported and left out.") { file, db, json };
        import.SetAction(r => Guard(() =>
        {
            var path = r.GetValue(file)!;
            using var store = StoreSession.Open(StorePath(r.GetValue(db)), clock);
            var result = new ImportLicences(store, _engine.Value).Run(new ImportLicences.Command(path, InputFiles.ReadText(path), AllOrNothing: false));
            foreach (var w in result.Read.Warnings)
            {
                error.WriteLine($"warning: {w}");
            }

            return result.Audit is { } audit
                ? new LicenseCommands(output, console, clock).ShowImport(result.Read.Licenses.Count, audit, result.StoreLocation, r.GetValue(json))
                : throw new InputException(path, null, null, "no licence could be read; nothing was imported");
        }));
        var list = new Command("list", "Every licence in the store: holder, what it covers, validity, and what is left.") { db, json };
        list.SetAction(r => Guard(() => new LicenseCommands(output, console, clock).List(StorePath(r.GetValue(db)), r.GetValue(json))));
        command.Subcommands.Add(import);
        command.Subcommands.Add(list);
        return command;
    }
}
