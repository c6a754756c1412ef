using ComputeGate.Domain;
using System.CommandLine;
using System.Globalization;
using ComputeGate.Application.Lists;
using ComputeGate.Application.Screening;
using ComputeGate.Formats;
using Spectre.Console;

namespace ComputeGate.Cli;

/// <summary>`lists`: import the restricted-party lists into the store, show their status.</summary>
public sealed partial class App
{
    private Command ListsCommand()
    {
        var lists = new Command("lists", "Restricted-party lists in the store: import official files as versioned snapshots, show what is loaded.");
        var db = new Option<string?>("--db") { Description = "The store file (default: $COMPUTEGATE_DB, else ~/.local/share/computegate/computegate.db)." };
        var json = new Option<bool>("--json") { Description = "Write JSON for scripts." };
        var status = new Command("status", "Sources, snapshot dates, active entry counts and age of every list loaded.") { db, json };
        status.SetAction(r => Guard(() =>
        {
            using var store = Store.ListStore.Open(StorePath(r.GetValue(db)));
            var rows = store.Status(clock.GetUtcNow());
            if (r.GetValue(json))
            {
                JsonContract.Write(output, rows.Select(s => new
                {
                    list = s.List,
                    snapshot = s.Snapshot,
                    format = s.Format,
                    sourceFile = s.SourceFile,
                    sourceSha256 = s.SourceSha256,
                    importedAt = s.ImportedAt.ToString("O", CultureInfo.InvariantCulture),
                    activeEntries = s.ActiveEntries,
                    ageDays = Math.Round(s.Age.TotalDays, 1),
                }));
                return Ok;
            }

            if (rows.Count == 0)
            {
                console.MarkupLine("No lists loaded yet (`computegate lists import <file>`).");
                return Ok;
            }

            var table = new Table().AddColumn("List").AddColumn("Snapshot").AddColumn("Format").AddColumn("Source").AddColumn(new TableColumn("Active entries").RightAligned()).AddColumn("Imported (UTC)").AddColumn(new TableColumn("Age").RightAligned());
            foreach (var s in rows)
            {
                table.AddRow(Markup.Escape(s.List), s.Snapshot.ToString(CultureInfo.InvariantCulture), Markup.Escape(s.Format), Markup.Escape(Path.GetFileName(s.SourceFile)),
                    s.ActiveEntries.ToString("N0", CultureInfo.InvariantCulture), s.ImportedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture), $"{s.Age.TotalDays:F1} d");
            }

            console.Write(table);
            return Ok;
        }));
        lists.Subcommands.Add(status);
        lists.Subcommands.Add(ListsImportCommand(db, json));
        return lists;
    }

    private Command ListsImportCommand(Option<string?> db, Option<bool> json)
    {
        var file = new Argument<string>("file") { Description = "A list file in an official format: trade.gov CSL CSV (also gzipped), OFAC legacy CSV (sdn.csv or cons_prim.csv), or ComputeGate's simple JSON (also the BIS 2026 files)." };
        var format = new Option<string?>("--format") { Description = "csl | ofac-sdn | ofac-cons | simple-json (default: detected from the file)." };
        var aliases = new Option<string?>("--aliases") { Description = "OFAC: the alias file (alt.csv / cons_alt.csv)." };
        var addresses = new Option<string?>("--addresses") { Description = "OFAC: the address file (add.csv / cons_add.csv)." };
        var comments = new Option<string?>("--comments") { Description = "OFAC: the comments file (sdn_comments.csv / cons_comments.csv)." };
        var allowMassRemoval = new Option<bool>("--allow-mass-removal") { Description = "Accept an import that removes more than half of a list's active entries (refused by default: a truncated file is the likely cause)." };
        var countries = new Option<string?>("--countries") { Description = "More country names: an OpenSanctions countrynames YAML file." };
        var command = new Command("import", "Import a list file as a new snapshot: inserted, updated, unchanged, revived, removed and rejected entries are counted; an empty or truncated file changes nothing.")
        {
            file, format, aliases, addresses, comments, allowMassRemoval, countries, db, json,
        };
        command.SetAction(r => Guard(() =>
        {
            var path = r.GetValue(file)!;
            if (!File.Exists(path))
            {
                throw new InputException(path, null, null, "no such file");
            }

            var directory = CountryDirectory.Default();
            if (r.GetValue(countries) is { } c)
            {
                directory = directory.WithAliases(c, InputFiles.ReadText(c));
            }

            Upload? Other(string? f) => f is null ? null : Upload.FromFile(f);
            using var store = Store.StoreSession.Open(StorePath(r.GetValue(db)), clock);
            var result = new ImportList(store, clock).Run(
                new ImportList.Command(Upload.FromFile(path), r.GetValue(format), directory, Other(r.GetValue(aliases)), Other(r.GetValue(addresses)), Other(r.GetValue(comments)), r.GetValue(allowMassRemoval)),
                ScreeningOptions.From(null));
            var (audits, rescreened, sha) = (result.Lists, result.Rescreened, result.Sha256);
            if (r.GetValue(json))
            {
                JsonContract.Write(output, new
                {
                    file = path,
                    format = result.Format,
                    sha256 = sha,
                    lists = audits,
                    rejected = result.Rejected.Select(x => new { file = x.File, line = x.Line, field = x.Field, reason = x.Reason }),
                    rescreened,
                });
                return Ok;
            }

            var table = new Table().Title($"{Markup.Escape(Path.GetFileName(path))} ({Markup.Escape(result.Format)})").AddColumn("List").AddColumn("Snapshot");
            foreach (var h in new[] { "Entries", "Inserted", "Updated", "Unchanged", "Revived", "Removed" })
            {
                table.AddColumn(new TableColumn(h).RightAligned());
            }

            foreach (var a in audits)
            {
                table.AddRow(Markup.Escape(a.List), a.Snapshot.ToString(CultureInfo.InvariantCulture), N(a.Entries), N(a.Inserted), N(a.Updated), N(a.Unchanged), N(a.Revived), N(a.Removed));
            }

            console.Write(table);
            console.MarkupLine(Markup.Escape($"{rescreened.Parties:N0} stored parties screened again against the {rescreened.ChangedEntries:N0} entries this import changed: {rescreened.Matches:N0} matches, {rescreened.NewCases:N0} new review cases."));
            if (result.Rejected.Count > 0)
            {
                console.MarkupLine($"[yellow]{result.Rejected.Count:N0} rows rejected[/] (all kept in the store with the snapshot), first ones:");
                foreach (var x in result.Rejected.Take(10))
                {
                    console.MarkupLine(Markup.Escape($"  {x.File}:{x.Line}: {x.Field}: {x.Reason}"));
                }
            }

            return Ok;
        }));
        return command;

        static string N(int n) => n.ToString("N0", CultureInfo.InvariantCulture);
    }
}
