using ComputeGate.Domain;
using System.Buffers;
using System.Globalization;
using System.Text.Json;
using ComputeGate.Domain.Licensing;
using ComputeGate.Formats;
using ComputeGate.Store;
using ComputeGate.Store.Database;
using CsvHelper;
using Spectre.Console;

namespace ComputeGate.Cli;

/// <summary>
/// <c>computegate check</c>: decides an order book (streamed: constant memory in the number of lines for
/// jsonl and csv), or one line given by options, printed as a tree of reasons. Every decision is logged
/// to the store's decision log under a batch id; a batch run again with its id logs only the lines it
/// had not logged (resume after a kill).
/// </summary>
public sealed class Check(ReferenceData engine, TextWriter output, TextWriter error, IAnsiConsole console, TimeProvider clock)
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
        using var orders = OrderBookFile.Open(engine, o.File, o.AsOf);
        using var store = StoreDatabase.Open(o.Store, clock);
        var recorder = new DecisionRecorder(new DecisionLog(store, clock), o.BatchId ?? DecisionRecorder.NewBatchId(clock), new PartyRegistry(store, clock), new CaseStore(store, clock));
        var (licenses, ledger) = Licenses(o.Licenses, o.StoreLicenses, store, recorder.BatchId);
        var book = new OrderBookDecider(engine.Decider(), engine.Classifier, o.Mode, licenses, ledger);
        var summary = new BookSummary();
        Stream? outFile = o.Out is null ? null : new FileStream(o.Out, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
        try
        {
            var sink = Sink.Create(o.Format, outFile, output, console);
            sink.Start(orders.Reader.ExtraColumns);

            // Reading, deciding, writing and logging (one store transaction per batch: about as costly as
            // writing, BENCHMARKS.md) on four threads.
            void Run(Action<double>? progress) => BookPipeline.Run(
                orders.Rows,
                batch =>
                {
                    var decisions = new Decision?[batch.Count];
                    for (var i = 0; i < batch.Count; i++)
                    {
                        var decision = batch[i].Line is { } line ? book.Decide(line, batch[i].LineNumber) : null;
                        summary.Add(decision?.Verdict.Name() ?? "ERROR", decision?.Quantity ?? 0, decision?.ValueUsd);
                        decisions[i] = decision;
                    }

                    progress?.Invoke(orders.Progress);
                    return decisions;
                },
                (batch, decisions) =>
                {
                    for (var i = 0; i < batch.Count; i++)
                    {
                        sink.Write(batch[i], decisions[i]);
                    }
                },
                (batch, decisions) =>
                {
                    for (var i = 0; i < batch.Count; i++)
                    {
                        recorder.Add(batch[i], decisions[i], orders.Reader.ExtraColumns);
                    }

                    recorder.Commit();
                });

            if (o.Progress && outFile is not null)
            {
                console.Progress().AutoClear(true).Start(ctx =>
                {
                    var task = ctx.AddTask($"Deciding {Path.GetFileName(o.File)}");
                    Run(p => task.Value = p);
                    task.Value = 100;
                });
            }
            else
            {
                Run(null);
            }

            sink.Finish();
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
            RenderSummary(console, summary, book, recorder, store);
        }
        else
        {
            var plain = AnsiConsole.Create(new AnsiConsoleSettings { Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors, Out = new AnsiConsoleOutput(error) });
            RenderSummary(plain, summary, book, recorder, store);
        }

        return App.Ok;
    }

    /// <summary>The licences a check draws on, and where: a file's, in memory for this run; or the store's, drawn in the store for the batch.</summary>
    private (IReadOnlyList<HeldLicense> Licenses, ILicenseLedger? Ledger) Licenses(string? file, bool fromStore, StoreDatabase store, string batchId)
    {
        if (!fromStore)
        {
            return (ReadLicenses(file), null);
        }

        if (file is not null)
        {
            throw new InputException("--store-licenses", null, null, "give --licenses FILE or --store-licenses, not both (import the file with `computegate licenses import`)");
        }

        var held = new LicenseStore(store, clock);
        return (held.List().Select(l => l.License).ToList(), held.Ledger(batchId));
    }

    /// <summary>Reads a licence file; malformed licences are reported on standard error and left out, and unknown item ids are warned about.</summary>
    public IReadOnlyList<HeldLicense> ReadLicenses(string? file)
    {
        if (file is null)
        {
            return [];
        }

        if (!File.Exists(file))
        {
            throw new InputException(file, null, null, "no such file");
        }

        var result = new LicenseFileReader(engine.Countries.TryResolve).Read(file, File.ReadAllText(file));
        foreach (var e in result.Errors)
        {
            error.WriteLine($"warning: {e.Message} (licence left out)");
        }

        // A typo in an item id would make a licence silently match nothing: say so (the licence is kept).
        foreach (var license in result.Licenses)
        {
            foreach (var id in license.Items.Where(i => !engine.Catalog.Contains(i)))
            {
                error.WriteLine($"warning: {file}: licence {license.Number}: items: '{id}' is not a catalog id (see `computegate catalog`); it can match no line");
            }
        }

        return result.Licenses;
    }

    private void RenderSummary(IAnsiConsole c, BookSummary s, OrderBookDecider book, DecisionRecorder recorder, StoreDatabase store)
    {
        var table = new Table().Title($"{s.Lines:N0} lines ({(book.Mode == DecisionMode.AsWritten ? "AI Diffusion as written" : "as enforced")})")
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
        c.MarkupLine($"[grey]Rule set {Markup.Escape(engine.Book.Version)}; list snapshot {Markup.Escape(book.ListSnapshot)}.[/]");
        var resumed = recorder.Resumed > 0 ? $"; {recorder.Resumed:N0} were logged by an earlier run of the batch" : "";
        c.MarkupLine(Markup.Escape($"Batch {recorder.BatchId}: {recorder.Logged:N0} decisions logged{resumed} (store {store.Dialect.Location})."));
    }

    // ------------------------------------------------------------------ output sinks

    private abstract class Sink
    {
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
        using (var store = StoreDatabase.Open(storeLocation, clock))
        {
            var recorder = new DecisionRecorder(new DecisionLog(store, clock), batchId ?? DecisionRecorder.NewBatchId(clock), new PartyRegistry(store, clock), new CaseStore(store, clock));
            var (licenses, ledger) = Licenses(licensesFile, storeLicenses, store, recorder.BatchId);
            decision = new OrderBookDecider(engine.Decider(), engine.Classifier, mode, licenses, ledger).Decide(line, 1);
            recorder.Add(new OrderRow(1, line.Id, line, null, null, []) { File = "(command line)" }, decision, []);
            recorder.Commit();
            error.WriteLine($"Batch {recorder.BatchId}: {(recorder.Logged == 1 ? "decision logged" : "already logged")} (store {store.Dialect.Location}).");
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
