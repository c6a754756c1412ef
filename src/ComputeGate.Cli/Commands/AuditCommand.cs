using ComputeGate.Domain;
using System.CommandLine;

namespace ComputeGate.Cli;

/// <summary>`audit`: the decision log (query, verify the hash chain, resolve review cases).</summary>
public sealed partial class App
{
    private Command AuditCommand()
    {
        var audit = new Command("audit", "The decision log: check that no record was edited, deleted or reordered; export the records of a period (15 CFR 762).");
        var db = new Option<string?>("--db") { Description = "The store (a SQLite file or a PostgreSQL connection string; default: $COMPUTEGATE_DB, else ~/.local/share/computegate/computegate.db)." };
        var json = new Option<bool>("--json") { Description = "Write JSON for scripts." };
        var verify = new Command("verify", $"Recompute the hash chain of the whole log and name the first bad record (exit {Audit.Broken} when there is one).") { db, json };
        verify.SetAction(r => Guard(() => new Audit(output, console, clock).Verify(StorePath(r.GetValue(db)), r.GetValue(json))));
        var from = new Option<string>("--from") { Description = "First day (YYYY-MM-DD, UTC) of the records to export.", Required = true };
        var to = new Option<string>("--to") { Description = "Last day (YYYY-MM-DD, UTC, included).", Required = true };
        var outFile = new Option<string?>("--out") { Description = "Write to this file (default: standard output)." };
        var export = new Command("export", $"Write the records logged from --from to --to as JSON lines, then a line with the verification of the whole chain (exit {Audit.Broken} when it fails).") { from, to, outFile, db };
        export.SetAction(r => Guard(() =>
        {
            var (f, t) = (ParseDate(r.GetValue(from), "--from"), ParseDate(r.GetValue(to), "--to"));
            if (t < f)
            {
                throw new InputException("--to", null, null, $"{t:yyyy-MM-dd} is before --from {f:yyyy-MM-dd}");
            }

            return new Audit(output, console, clock).Export(StorePath(r.GetValue(db)), f, t, r.GetValue(outFile));
        }));
        audit.Subcommands.Add(verify);
        audit.Subcommands.Add(export);
        return audit;
    }
}
