using ComputeGate.Domain;
using System.CommandLine;
using System.Globalization;
using ComputeGate.Application.Checking;
using ComputeGate.Domain.Items;
using Spectre.Console;

namespace ComputeGate.Cli;

/// <summary>
/// The command line: System.CommandLine for parsing, Spectre.Console for people, JSON for scripts.
/// Exit codes: 0 done; 2 bad input (the message names the file and field); 1 an unexpected failure.
/// The clock is injected: <c>--date</c> defaults to today by <see cref="TimeProvider"/>.
/// </summary>
/// <param name="batchHeapLimit">When set (the real process, not in-process tests), a streamed batch caps the managed heap (see <see cref="BookPipeline.BatchHeapLimitBytes"/>).</param>
/// <param name="serve">Starts the server for `serve` (given by the executable; null: no server in this build).</param>
public sealed partial class App(TextWriter output, TextWriter error, IAnsiConsole console, TimeProvider clock, bool batchHeapLimit = false, Func<ServeArguments, TextWriter, int>? serve = null)
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

        root.Subcommands.Add(CatalogCommand());

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

}
