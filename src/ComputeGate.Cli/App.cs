using System.CommandLine;
using System.Globalization;
using ComputeGate.Domain.Classification;
using ComputeGate.Domain.Items;
using ComputeGate.Law;
using Spectre.Console;

namespace ComputeGate.Cli;

/// <summary>
/// The command line: System.CommandLine for parsing, Spectre.Console for people, JSON for scripts.
/// Exit codes: 0 done; 2 bad input (the message names the file and field); 1 an unexpected failure.
/// The clock is injected: <c>--date</c> defaults to today by <see cref="TimeProvider"/>.
/// </summary>
public sealed class App(TextWriter output, TextWriter error, IAnsiConsole console, TimeProvider clock)
{
    public const int Ok = 0;
    public const int Failure = 1;
    public const int BadInput = 2;

    private readonly Lazy<Engine> _engine = new(Engine.Embedded);

    public int Run(string[] args)
    {
        var root = new RootCommand("ComputeGate: export-control classification of AI compute items (15 CFR 774: 3A090, 4A090, 4E091).");
        root.Subcommands.Add(ItemCommand("classify", "Classify an item on a date: TPP, performance density, ECCN paragraph, reasons and citations.", withDate: true, Classify));
        root.Subcommands.Add(ItemCommand("headroom", "Distance to every threshold in force, and the largest TOPS / smallest die area that keep the item outside each paragraph.", withDate: true, ShowHeadroom));
        root.Subcommands.Add(ItemCommand("timeline", "Every date the item's status changed, and why.", withDate: false, ShowTimeline));

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

    private Command ItemCommand(string name, string description, bool withDate, Func<Item, DateOnly, bool, int> action)
    {
        var item = new Argument<string>("item") { Description = "A catalog id (see `computegate catalog`) or the path of an item file (YAML or JSON)." };
        var date = new Option<string?>("--date") { Description = "As-of date, YYYY-MM-DD (default: today)." };
        var json = new Option<bool>("--json") { Description = "Write JSON for scripts." };
        var command = new Command(name, description) { item };
        if (withDate)
        {
            command.Options.Add(date);
        }

        command.Options.Add(json);
        command.SetAction(r => Guard(() =>
        {
            var asOf = ParseDate(r.GetValue(date));
            return action(ResolveItem(r.GetValue(item)!), asOf, r.GetValue(json));
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
        catch (Exception e) when (Environment.GetEnvironmentVariable("COMPUTEGATE_DEBUG") is null)
        {
            error.WriteLine($"error: unexpected failure: {e.Message} (set COMPUTEGATE_DEBUG=1 for details)");
            return Failure;
        }
    }

    private DateOnly ParseDate(string? text)
    {
        if (text is null)
        {
            return DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        }

        return DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)
            ? d
            : throw new InputException("--date", null, null, $"'{text}' is not a date (YYYY-MM-DD)");
    }

    private Item ResolveItem(string reference)
    {
        var engine = _engine.Value;
        if (engine.Catalog.Find(reference) is { } item)
        {
            return item;
        }

        if (File.Exists(reference))
        {
            return new ItemReader(engine.Catalog.Find).Read(reference, File.ReadAllText(reference));
        }

        var looksLikeFile = reference.Contains('/') || reference.Contains('.');
        throw new InputException(reference, null, null, looksLikeFile
            ? "no such file"
            : "unknown catalog id (see `computegate catalog`)");
    }

    private int Classify(Item item, DateOnly date, bool json)
    {
        var result = _engine.Value.Classifier.Classify(item, date);
        if (json)
        {
            Json.Write(output, Json.Classification(result));
        }
        else
        {
            Render.Classification(console, result);
        }

        return Ok;
    }

    private int ShowHeadroom(Item item, DateOnly date, bool json)
    {
        var result = Headroom.Of(_engine.Value.Classifier, item, date);
        if (json)
        {
            Json.Write(output, Json.Headroom(result));
        }
        else
        {
            Render.Headroom(console, result);
        }

        return Ok;
    }

    private int ShowTimeline(Item item, DateOnly _, bool json)
    {
        var periods = Timeline.Of(_engine.Value.Classifier, item);
        if (json)
        {
            Json.Write(output, Json.Timeline(item, periods, _engine.Value.Book.Version));
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
            Json.Write(output, Json.Catalog(items));
        }
        else
        {
            Render.Catalog(console, items);
        }

        return Ok;
    }
}
