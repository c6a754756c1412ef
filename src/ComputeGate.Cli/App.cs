using ComputeGate.Domain;
using System.CommandLine;
using System.Globalization;
using ComputeGate.Domain.Classification;
using ComputeGate.Application.Checking;
using ComputeGate.Application.Lists;
using ComputeGate.Application.Screening;
using ComputeGate.Domain.Items;
using ComputeGate.Formats;
using Spectre.Console;

namespace ComputeGate.Cli;

/// <summary>
/// The command line: System.CommandLine for parsing, Spectre.Console for people, JSON for scripts.
/// Exit codes: 0 done; 2 bad input (the message names the file and field); 1 an unexpected failure.
/// The clock is injected: <c>--date</c> defaults to today by <see cref="TimeProvider"/>.
/// </summary>
/// <param name="batchHeapLimit">When set (the real process, not in-process tests), a streamed batch caps the managed heap (see <see cref="BookPipeline.BatchHeapLimitBytes"/>).</param>
/// <param name="serve">Starts the server for `serve` (given by the executable; null: no server in this build).</param>
public sealed class App(TextWriter output, TextWriter error, IAnsiConsole console, TimeProvider clock, bool batchHeapLimit = false, Func<ServeArguments, TextWriter, int>? serve = null)
{
    public const int Ok = 0;
    public const int Failure = 1;
    public const int BadInput = 2;

    private readonly Lazy<ReferenceData> _engine = new(ReferenceData.Embedded);

    public int Run(string[] args)
    {
        var root = new RootCommand("ComputeGate: export-control classification and licence decisions for AI compute items (15 CFR 774: 3A090, 4A090, 4E091; 15 CFR 740, 742, 744).");
        root.Subcommands.Add(ItemCommand("classify", "Classify an item on a date: TPP, performance density, ECCN paragraph, reasons and citations.", withDate: true, withChart: false, (item, date, json, _) => Classify(item, date, json)));
        root.Subcommands.Add(ItemCommand("headroom", "Distance to every threshold in force, and the largest TOPS / smallest die area that keep the item outside each paragraph.", withDate: true, withChart: true, ShowHeadroom));
        root.Subcommands.Add(ItemCommand("timeline", "Every date the item's status changed, and why.", withDate: false, withChart: true, ShowTimeline));

        root.Subcommands.Add(CheckCommand());
        root.Subcommands.Add(ListsCommand());
        root.Subcommands.Add(ScreenCommand());
        root.Subcommands.Add(AuditCommand());
        root.Subcommands.Add(LicensesCommand());
        root.Subcommands.Add(DiffCommand());
        root.Subcommands.Add(WhatIfCommand());
        root.Subcommands.Add(ExposureCommand());
        root.Subcommands.Add(Serve.ServeCommand(Guard, output, clock, serve));
        root.Subcommands.Add(Serve.KeysCommand(Guard, output, clock));

        var catalogJson = new Option<bool>("--json") { Description = "Write JSON for scripts." };
        var catalog = new Command("catalog", "List the bundled catalog of real items.") { catalogJson };
        catalog.SetAction(r => Guard(() => ShowCatalog(r.GetValue(catalogJson))));
        root.Subcommands.Add(catalog);

        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var e in parsed.Errors)
            {
                error.WriteLine($"error: {e.Message}");
            }

            return BadInput;
        }

        return parsed.Invoke(new InvocationConfiguration { Output = output, Error = error });
    }

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

    private Command CheckCommand()
    {
        var file = new Argument<string?>("orders") { Description = "An order book CSV (columns: id, date, item, quantity, destination, end_user, end_user_country, end_user_hq, exporter; optional unit_value_usd, consignee, ship_from).", Arity = ArgumentArity.ZeroOrOne };
        var asOf = new Option<string?>("--as-of") { Description = "Decide every line on this date (YYYY-MM-DD) instead of its own." };
        var asWritten = new Option<bool>("--as-written") { Description = "Apply AI Diffusion (90 FR 4544) as written; by default decisions follow the law as enforced." };
        var licenses = new Option<string?>("--licenses") { Description = "Licences you hold (YAML or CSV); a covering licence with balance turns LICENSE_REQUIRED into LICENSED." };
        var format = new Option<string?>("--format") { Description = "table | jsonl | csv (default: table on a terminal, jsonl otherwise)." };
        var outFile = new Option<string?>("--out") { Description = "Write the decisions to this file." };
        var countries = new Option<string?>("--countries") { Description = "More destination names: an OpenSanctions countrynames YAML file." };
        var item = new Option<string?>("--item") { Description = "One line: a catalog id or item file." };
        var to = new Option<string?>("--to") { Description = "One line: destination (code or name)." };
        var endUser = new Option<string?>("--end-user") { Description = "One line: end user name." };
        var endUserCountry = new Option<string?>("--end-user-country") { Description = "One line: where the end user is located (default: the destination)." };
        var endUserHq = new Option<string?>("--end-user-hq") { Description = "One line: where the end user or its ultimate parent is headquartered." };
        var exporter = new Option<string?>("--exporter") { Description = "One line: the exporter." };
        var consignee = new Option<string?>("--consignee") { Description = "One line: the consignee." };
        var shipFrom = new Option<string?>("--ship-from") { Description = "One line: the country the item ships from." };
        var quantity = new Option<int>("--quantity") { Description = "One line: units (default 1).", DefaultValueFactory = _ => 1 };
        var unitValue = new Option<decimal?>("--unit-value") { Description = "One line: unit value in USD." };
        var date = new Option<string?>("--date") { Description = "One line: date (YYYY-MM-DD, default today)." };
        var json = new Option<bool>("--json") { Description = "One line: write the decision as JSON." };
        var lists = new Option<bool>("--lists") { Description = "Also screen end users and consignees against the lists loaded in the store (fuzzy): an exact Entity List hit applies its licence requirement, a possible hit is REVIEW." };
        var db = new Option<string?>("--db") { Description = "The store: every decision is logged there, and --lists reads it (a SQLite file or a PostgreSQL connection string; default: $COMPUTEGATE_DB, else ~/.local/share/computegate/computegate.db)." };
        var storeLicenses = new Option<bool>("--store-licenses") { Description = "Draw on the licences held in the store (`computegate licenses import`): balances shared by every check, never overdrawn, each line drawn once per batch." };
        var batchId = new Option<string?>("--batch-id") { Description = "Log the decisions under this batch id (default: a new one, printed in the summary). Run a killed batch again with its id to resume it: lines already logged are not logged again." };
        var orgTypes = new Option<string?>("--org-types") { Description = "With --lists: legal-form vocabulary (OpenSanctions org_types.yml); default $COMPUTEGATE_ORG_TYPES." };
        var command = new Command("check", "Decide order lines: NLR, licence exception, licence required (with review policy), LICENSED, or REVIEW; with reasons, citations and provenance.")
        {
            file, asOf, asWritten, licenses, format, outFile, countries, item, to, endUser, endUserCountry, endUserHq, exporter, consignee, shipFrom, quantity, unitValue, date, json, lists, db, orgTypes, batchId, storeLicenses,
        };
        command.SetAction(r => Guard(() =>
        {
            var reference = _engine.Value;
            if (r.GetValue(countries) is { } countriesFile)
            {
                reference = reference with { Countries = reference.Countries.WithAliases(countriesFile, File.Exists(countriesFile) ? File.ReadAllText(countriesFile) : throw new InputException(countriesFile, null, null, "no such file")) };
            }

            var storeLocation = StorePath(r.GetValue(db));
            ListScreening screening;
            if (r.GetValue(lists))
            {
                using var session = Store.StoreSession.Open(storeLocation, clock);
                screening = ListScreening.Load(session, reference, ScreeningOptions.From(r.GetValue(orgTypes)), required: true, warnings: error);
            }
            else
            {
                screening = ListScreening.BundledOnly(reference);
            }

            var check = new Check(screening, output, error, console, clock);
            if (r.GetValue(batchId) is { } id && (id.Length is 0 or > 200 || id.Any(char.IsControl)))
            {
                throw new InputException("--batch-id", null, null, "must be 1 to 200 printable characters");
            }

            var mode = Mode(r.GetValue(asWritten));
            if (r.GetValue(file) is { } orders)
            {
                if (r.GetValue(item) is not null)
                {
                    throw new InputException("--item", null, null, "give an order book or --item, not both");
                }

                var fmt = r.GetValue(format) ?? (r.GetValue(outFile) is null && !Console.IsOutputRedirected && output == Console.Out ? "table" : "jsonl");
                var progress = console.Profile.Capabilities.Interactive && !Console.IsOutputRedirected;
                return check.Batch(new Check.BatchOptions(orders, r.GetValue(asOf) is { } a ? ParseDate(a, "--as-of") : null, mode, r.GetValue(licenses), fmt, r.GetValue(outFile), progress, storeLocation, r.GetValue(batchId), r.GetValue(storeLicenses), batchHeapLimit));
            }

            var itemRef = r.GetValue(item) ?? throw new InputException("check", null, null, "give an order book CSV, or --item and --to for one line");
            var dest = r.GetValue(to) ?? throw new InputException("--to", null, null, "the destination is required with --item");

            // Item files given on the command line are relative to the working directory.
            var line = new Formats.OrderLineParser(reference.Catalog, reference.Countries.TryResolve, Environment.CurrentDirectory).ParseOrThrow(
                new Formats.OrderLineText("cli", r.GetValue(date), itemRef, r.GetValue(quantity).ToString(CultureInfo.InvariantCulture), dest, r.GetValue(endUser),
                    r.GetValue(endUserCountry), r.GetValue(endUserHq), r.GetValue(exporter), r.GetValue(consignee),
                    r.GetValue(unitValue)?.ToString(CultureInfo.InvariantCulture), r.GetValue(shipFrom)),
                Formats.OrderLineFieldNames.Cli,
                overrideDate: r.GetValue(asOf) is { } asOfText ? ParseDate(asOfText, "--as-of") : null,
                defaultDate: ParseDate(null));
            return check.One(line, mode, r.GetValue(licenses), r.GetValue(storeLicenses), r.GetValue(json), storeLocation, r.GetValue(batchId));
        }));
        return command;
    }

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

    private static Domain.Licensing.DecisionMode Mode(bool asWritten) =>
        asWritten ? Domain.Licensing.DecisionMode.AsWritten : Domain.Licensing.DecisionMode.AsEnforced;

    /// <summary>The store file: --db, else $COMPUTEGATE_DB, else $XDG_DATA_HOME/computegate/computegate.db (~/.local/share/...).</summary>
    internal static string StorePath(string? db)
    {
        if (db is not null)
        {
            return db;
        }

        if (Environment.GetEnvironmentVariable("COMPUTEGATE_DB") is { Length: > 0 } env)
        {
            return env;
        }

        var data = Environment.GetEnvironmentVariable("XDG_DATA_HOME") is { Length: > 0 } xdg
            ? xdg
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "share");
        return Path.Combine(data, "computegate", "computegate.db");
    }

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
                directory = directory.WithAliases(c, File.Exists(c) ? File.ReadAllText(c) : throw new InputException(c, null, null, "no such file"));
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

    private Command LicensesCommand()
    {
        var command = new Command("licenses", "Licences held, in the store: import a licence file, list the licences with what is left of them.");
        var db = new Option<string?>("--db") { Description = "The store (a SQLite file or a PostgreSQL connection string; default: $COMPUTEGATE_DB, else ~/.local/share/computegate/computegate.db)." };
        var json = new Option<bool>("--json") { Description = "Write JSON for scripts." };
        var file = new Argument<string>("file") { Description = "A licence file (YAML or CSV, as for `check --licenses`)." };
        var import = new Command("import", "Add the file's licences to the store (a known number gets the new terms and keeps what was drawn). Malformed licences are reported and left out.") { file, db, json };
        import.SetAction(r => Guard(() =>
        {
            var read = new Check(ListScreening.BundledOnly(_engine.Value), output, error, console, clock).ReadLicenses(r.GetValue(file)!);
            if (read.Count == 0)
            {
                throw new InputException(r.GetValue(file)!, null, null, "no licence could be read; nothing was imported");
            }

            return new LicenseCommands(output, console, clock).Import(StorePath(r.GetValue(db)), read, r.GetValue(json));
        }));
        var list = new Command("list", "Every licence in the store: holder, what it covers, validity, and what is left.") { db, json };
        list.SetAction(r => Guard(() => new LicenseCommands(output, console, clock).List(StorePath(r.GetValue(db)), r.GetValue(json))));
        command.Subcommands.Add(import);
        command.Subcommands.Add(list);
        return command;
    }

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

    private int Guard(Func<int> body)
    {
        try
        {
            return body();
        }
        catch (InputException e)
        {
            error.WriteLine($"error: {e.Message}");
            return BadInput;
        }
        catch (Store.ImportRefused e)
        {
            error.WriteLine($"error: {e.Message}");
            return BadInput;
        }
        catch (Exception e) when (Environment.GetEnvironmentVariable("COMPUTEGATE_DEBUG") is null)
        {
            error.WriteLine($"error: unexpected failure: {e.Message} (set COMPUTEGATE_DEBUG=1 for details)");
            return Failure;
        }
    }

    private DateOnly ParseDate(string? text, string option = "--date")
    {
        if (text is null)
        {
            return DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        }

        return DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)
            ? d
            : throw new InputException(option, null, null, $"'{text}' is not a date (YYYY-MM-DD)");
    }

    private Item ResolveItem(string reference) => _engine.Value.ResolveItem(reference);

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
            JsonContract.WriteChart(chart, Domain.Charts.ChartData.Headroom(_engine.Value.Classifier, _engine.Value.Catalog.All(), date, item));
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
            JsonContract.WriteChart(chart, Domain.Charts.ChartData.Timeline(item, periods, today));
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
