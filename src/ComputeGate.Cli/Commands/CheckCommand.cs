using ComputeGate.Domain;
using System.CommandLine;
using System.Globalization;
using ComputeGate.Application.Screening;

namespace ComputeGate.Cli;

/// <summary>`check`: one order line from options, or an order book (CSV) streamed.</summary>
public sealed partial class App
{
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
                reference = reference with { Countries = reference.Countries.WithAliases(countriesFile, InputFiles.ReadText(countriesFile)) };
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
}
