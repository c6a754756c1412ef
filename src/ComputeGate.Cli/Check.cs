using System.Buffers;
using System.Globalization;
using System.Text.Json;
using ComputeGate.Application.Checking;
using ComputeGate.Application.Screening;
using ComputeGate.Domain;
using ComputeGate.Domain.Law;
using ComputeGate.Domain.Licensing;
using ComputeGate.Store;
using Spectre.Console;

namespace ComputeGate.Cli;

/// <summary>
/// <c>computegate check</c>: decides an order book (streamed: constant memory in the number of lines for
/// jsonl and csv), or one line given by options, printed as a tree of reasons, through the
/// <see cref="CheckOrderBook"/> and <see cref="CheckLine"/> use cases. Every decision is logged to the store's
/// decision log under a batch id; a batch run again with its id logs only the lines it had not logged.
/// </summary>
public sealed class Check(ListScreening screening, TextWriter output, TextWriter error, IAnsiConsole console, TimeProvider clock)
{
    /// <param name="Store">The store the decisions are logged to (a SQLite file or a PostgreSQL connection string).</param>
    /// <param name="BatchId">The batch to log under; a new one when null. An id already in the log resumes that batch.</param>
    /// <param name="StoreLicenses">Draw on the licences held in the store (shared by every check, drawn once per line) instead of a file's.</param>
    public sealed record BatchOptions(string File, DateOnly? AsOf, DecisionMode Mode, string? Licenses, string Format, string? Out, bool Progress, string Store, string? BatchId, bool StoreLicenses = false, bool LimitHeap = false);

    public int Batch(BatchOptions o)
    {
        if (o.LimitHeap && o.Format != "table")
        {
            BookPipeline.LimitHeap();
        }

        // The format is checked and the header read before --out is opened or the store touched: a run that
        // fails on its input must not truncate an output file that is already there.
        Sink.CheckFormat(o.Format);
        using var orders = OrderBookFile.Open(screening.Reference, o.File, o.AsOf);
        var licences = Licences(o.Licenses, o.StoreLicenses);
        using var store = StoreSession.Open(o.Store, clock);
        Stream? outFile = o.Out is null ? null : new FileStream(o.Out, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
        CheckOrderBook.Result result;
        try
        {
            var sink = Sink.Create(o.Format, outFile, output, console);
            var check = new CheckOrderBook(screening, store, clock);
            var command = new CheckOrderBook.Command(o.Mode, licences, o.BatchId);
            if (o.Progress && outFile is not null)
            {
                CheckOrderBook.Result? r = null;
                console.Progress().AutoClear(true).Start(ctx =>
                {
                    var task = ctx.AddTask($"Deciding {Path.GetFileName(o.File)}");
                    r = check.Run(orders.Book, command, sink, () => task.Value = orders.Progress);
                    task.Value = 100;
                });
                result = r!;
            }
            else
            {
                result = check.Run(orders.Book, command, sink);
            }
        }
        finally
        {
            outFile?.Dispose();
        }

        if (Environment.GetEnvironmentVariable("COMPUTEGATE_GCINFO") is not null)
        {
            var gi = GC.GetGCMemoryInfo();
            error.WriteLine($"gc: heap {gi.HeapSizeBytes / 1e6:F0} MB committed {gi.TotalCommittedBytes / 1e6:F0} MB fragmented {gi.FragmentedBytes / 1e6:F0} MB promoted {gi.PromotedBytes / 1e6:F0} MB; gen0 {GC.CollectionCount(0)} gen1 {GC.CollectionCount(1)} gen2 {GC.CollectionCount(2)}; peak working set {System.Diagnostics.Process.GetCurrentProcess().PeakWorkingSet64 / 1e6:F0} MB; max heap seen {gi.GenerationInfo[2].SizeAfterBytes / 1e6:F0}");
        }

        // The summary goes where it does not mix with the data: the console when the data went to a file
        // or is a table, standard error when the data went to standard output.
        if (o.Out is not null || o.Format == "table")
        {
            RenderSummary(console, result);
        }
        else
        {
            var plain = AnsiConsole.Create(new AnsiConsoleSettings { Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors, Out = new AnsiConsoleOutput(error) });
            RenderSummary(plain, result);
        }

        return App.Ok;
    }

    /// <summary>The licences a check draws on: a file's (read now, its problems warned about) or the store's.</summary>
    private LicenceChoice Licences(string? file, bool fromStore)
    {
        if (fromStore)
        {
            return file is null
                ? LicenceChoice.Store
                : throw new InputException("--store-licenses", null, null, "give --licenses FILE or --store-licenses, not both (import the file with `computegate licenses import`)");
        }

        return file is null ? LicenceChoice.None : LicenceChoice.File(ReadLicenses(file));
    }

    /// <summary>Reads a licence file; malformed licences are reported on standard error and left out, and unknown item ids are warned about.</summary>
    public IReadOnlyList<HeldLicense> ReadLicenses(string file)
    {
        var read = ReadLicences.ReadFile(screening.Reference, file);
        foreach (var w in read.Warnings)
        {
            error.WriteLine($"warning: {w}");
        }

        return read.Licenses;
    }

    private static void RenderSummary(IAnsiConsole c, CheckOrderBook.Result r)
    {
        var s = r.Summary;
        var table = new Table().Title($"{s.Lines:N0} lines ({(r.Mode == DecisionMode.AsWritten ? "AI Diffusion as written" : "as enforced")})")
            .AddColumn("Verdict").AddColumn(new TableColumn("Lines").RightAligned()).AddColumn(new TableColumn("Units").RightAligned()).AddColumn(new TableColumn("Value (USD)").RightAligned()).AddColumn(new TableColumn("Lines without value").RightAligned());
        foreach (var v in BookSummary.VerdictOrder)
        {
            if (s.ByVerdict.TryGetValue(v, out var x))
            {
                table.AddRow(v, x.Lines.ToString("N0", CultureInfo.InvariantCulture), x.Units.ToString("N0", CultureInfo.InvariantCulture), x.Value.ToString("N0", CultureInfo.InvariantCulture),
                    s.WithoutValue.GetValueOrDefault(v).ToString("N0", CultureInfo.InvariantCulture));
            }
        }

        c.Write(table);
        c.MarkupLine($"[grey]Rule set {Markup.Escape(r.RuleSet)}; list snapshot {Markup.Escape(r.ListSnapshot)}.[/]");
        var resumed = r.Resumed > 0 ? $"; {r.Resumed:N0} were logged by an earlier run of the batch" : "";
        c.MarkupLine(Markup.Escape($"Batch {r.BatchId}: {r.Logged:N0} decisions logged{resumed} (store {r.StoreLocation})."));
    }

    // ------------------------------------------------------------------ output sinks

    private abstract class Sink : IBookOutput
    {
        public bool AfterLogging => false;

        public void Write(IReadOnlyList<OrderRow> rows, IReadOnlyList<Decision?> decisions)
        {
            for (var i = 0; i < rows.Count; i++)
            {
                Write(rows[i], decisions[i]);
            }
        }

        public static Sink Create(string format, Stream? file, TextWriter output, IAnsiConsole console) => format switch
        {
            "jsonl" => new JsonlSink(file, output),
            "csv" => new CsvSink(file, output),
            "table" => new TableSink(console, file),
            _ => throw UnknownFormat(format),
        };

        public static void CheckFormat(string format)
        {
            if (format is not ("jsonl" or "csv" or "table"))
            {
                throw UnknownFormat(format);
            }
        }

        private static InputException UnknownFormat(string format) => new("--format", null, null, $"'{format}' is not a format (table, jsonl, csv)");

        public abstract void Start(IReadOnlyList<string> extraColumns);

        public abstract void Write(OrderRow row, Decision? decision);

        public abstract void Finish();
    }

    /// <summary>JSON lines, built in memory and written to the file or output in blocks of about 1 MB.</summary>
    private sealed class JsonlSink : Sink
    {
        private readonly Stream? _file;
        private readonly TextWriter _text;
        private readonly ArrayBufferWriter<byte> _buffer = new(1 << 21);
        private readonly Utf8JsonWriter _json;
        private readonly DecisionJson.FragmentCache _fragments = new();
        private IReadOnlyList<string> _extra = [];

        public JsonlSink(Stream? file, TextWriter output)
        {
            _file = file;
            _text = output;
            _json = new Utf8JsonWriter(_buffer, DecisionJson.Options);
        }

        public override void Start(IReadOnlyList<string> extraColumns) => _extra = extraColumns;

        public override void Write(OrderRow row, Decision? decision)
        {
            DecisionJson.Write(_json, row, decision, _extra, _fragments);
            _json.Flush();
            _json.Reset();
            _buffer.Write("\n"u8);
            if (_buffer.WrittenCount > 1 << 20)
            {
                Drain();
            }
        }

        private void Drain()
        {
            if (_file is not null)
            {
                _file.Write(_buffer.WrittenSpan);
            }
            else
            {
                _text.Write(System.Text.Encoding.UTF8.GetString(_buffer.WrittenSpan));
            }

            _buffer.ResetWrittenCount();
        }

        public override void Finish()
        {
            _json.Flush();
            Drain();
            _file?.Flush();
            _text.Flush();
        }
    }

    private sealed class CsvSink(Stream? file, TextWriter output) : Sink
    {
        private readonly TextWriter _writer = file is null ? output : new StreamWriter(file, new System.Text.UTF8Encoding(false), 1 << 16);
        private DecisionCsv? _csv;

        public override void Start(IReadOnlyList<string> extraColumns)
        {
            _csv = new DecisionCsv(_writer);
            _csv.Start(extraColumns);
        }

        public override void Write(OrderRow row, Decision? d) => _csv!.Write(row, d);

        public override void Finish()
        {
            _csv?.Flush();
            _csv?.Dispose();
            _writer.Flush();
        }
    }

    /// <summary>For people: one row per line, with the deciding reason. Holds the rows (use jsonl for large books).</summary>
    private sealed class TableSink(IAnsiConsole console, Stream? file) : Sink
    {
        private readonly Table _table = new Table().Expand()
            .AddColumn("Id").AddColumn("Date").AddColumn("Verdict").AddColumn("ECCN").AddColumn("Exception / policy").AddColumn("Why");

        public override void Start(IReadOnlyList<string> extraColumns)
        {
        }

        public override void Write(OrderRow row, Decision? d)
        {
            if (d is null)
            {
                _table.AddRow(Markup.Escape(row.Id), "", "[red]ERROR[/]", "", "", Markup.Escape(row.Message ?? ""));
                return;
            }

            var detail = d.Verdict switch
            {
                Verdict.LicenseException => d.LicenseException + (d.NotificationRequired ? " (notify)" : ""),
                Verdict.LicenseRequired => d.ReviewPolicy?.Words() ?? $"policy {d.ReviewPolicyNote ?? "not stated"}",
                Verdict.Licensed => d.License ?? "",
                _ => "",
            };
            var why = d.Steps.LastOrDefault(s => s.Stage == "verdict")?.Text ?? "";
            var colour = d.Verdict switch
            {
                Verdict.Nlr => "green",
                Verdict.LicenseException or Verdict.Licensed => "blue",
                Verdict.LicenseRequired => "red",
                _ => "yellow",
            };
            _table.AddRow(Markup.Escape(row.Id), d.Provenance!.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), $"[{colour}]{d.Verdict.Name()}[/]", Markup.Escape(d.Eccn ?? "—"), Markup.Escape(detail), Markup.Escape(why));
        }

        public override void Finish()
        {
            if (file is null)
            {
                console.Write(_table);
                return;
            }

            var writer = new StreamWriter(file, new System.Text.UTF8Encoding(false), 1 << 16, leaveOpen: true);
            var plain = AnsiConsole.Create(new AnsiConsoleSettings { Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors, Out = new AnsiConsoleOutput(writer) });
            plain.Profile.Width = 160;
            plain.Write(_table);
            writer.Flush();
        }
    }

    // ------------------------------------------------------------------ one line

    /// <summary>Decides one line, logs it (batch <paramref name="batchId"/>, or a new one, line 1) and prints it.</summary>
    public int One(OrderLine line, DecisionMode mode, string? licensesFile, bool storeLicenses, bool json, string storeLocation, string? batchId)
    {
        Decision decision;
        var licences = Licences(licensesFile, storeLicenses);
        using (var store = StoreSession.Open(storeLocation, clock))
        {
            var log = new DirectLineLog(store, batchId ?? DecisionRecorder.NewBatchId(clock));
            var result = new CheckLine(screening, store, log).Run(new CheckLine.Command(line, mode, licences, "(command line)")).GetAwaiter().GetResult();
            decision = result.Decision;
            error.WriteLine($"Batch {result.BatchId}: {(result.Logged ? "decision logged" : "already logged")} (store {store.Location}).");
        }

        if (json)
        {
            output.WriteLine(DecisionJson.Indented(w =>
            {
                w.WriteStartObject();
                w.WriteString("id", decision.LineId);
                DecisionJson.WriteDecision(w, decision);
                w.WriteEndObject();
            }));
            return App.Ok;
        }

        Render.Decision(console, line, decision);
        return App.Ok;
    }
}
