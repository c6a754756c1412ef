using ComputeGate.Application.Screening;
using ComputeGate.Domain.Licensing;
using ComputeGate.Formats;
using ComputeGate.Store;

namespace ComputeGate.Application.Checking;

/// <summary>Where the decisions of a book go, batch by batch, in file order, on one thread (a pipeline stage).</summary>
public interface IBookOutput
{
    /// <summary>
    /// True: a batch is handed over only once it is in the decision log (the server: what a client sees was
    /// logged). False: handed over first, logged after (the CLI: writing and logging overlap).
    /// </summary>
    bool AfterLogging { get; }

    void Start(IReadOnlyList<string> extraColumns);

    /// <param name="decisions">One per row; null where the row could not be read (an ERROR line).</param>
    void Write(IReadOnlyList<OrderRow> rows, IReadOnlyList<Decision?> decisions);

    void Finish();
}

/// <summary>An order book opened for checking: its header read and checked, its rows read lazily.</summary>
public sealed class OpenedBook
{
    internal OpenedBook(string name, OrderBookReader reader, IEnumerable<OrderRow> rows)
    {
        Name = name;
        Reader = reader;
        Rows = rows;
    }

    public string Name { get; }
    internal OrderBookReader Reader { get; }
    internal IEnumerable<OrderRow> Rows { get; }

    /// <summary>The header's columns beyond the known ones, kept and written back.</summary>
    public IReadOnlyList<string> ExtraColumns => Reader.ExtraColumns;
}

/// <summary>
/// Check an order book: every line decided (streamed, constant memory), handed to the output, and logged to the
/// store's decision log under a batch (a batch run again with its id logs only the lines it had not logged: resume
/// after a kill); REVIEW lines and possible list matches become review cases; the parties are remembered for
/// re-screening when a list changes. Reading, deciding, writing and logging run on four threads.
/// </summary>
public sealed class CheckOrderBook(ListScreening screening, StoreSession store, TimeProvider clock)
{
    /// <param name="BatchId">The batch to log under; a new one when null. An id already in the log resumes that batch.</param>
    public sealed record Command(DecisionMode Mode, LicenceChoice Licences, string? BatchId = null);

    /// <param name="Logged">Lines logged by this run.</param>
    /// <param name="Resumed">Lines an earlier run of the batch had logged, not logged again.</param>
    public sealed record Result(string BatchId, BookSummary Summary, long Logged, long Resumed, string RuleSet, string ListSnapshot, DecisionMode Mode, string StoreLocation);

    /// <summary>Reads and checks the header now (a book that cannot be read fails before anything is written or logged); the rows stream.</summary>
    /// <param name="name">The name messages give the book; item files are relative to its directory.</param>
    /// <param name="asOf">When given, every line is decided on this date (the date column may then be absent).</param>
    public static OpenedBook Open(ReferenceData reference, TextReader text, string name, DateOnly? asOf)
    {
        var reader = new OrderBookReader(reference.Catalog, reference.Countries.TryResolve);
        return new OpenedBook(name, reader, reader.Read(name, text, asOf));
    }

    /// <param name="decided">Called after each batch is decided (progress).</param>
    public Result Run(OpenedBook book, Command command, IBookOutput output, Action? decided = null, CancellationToken cancel = default)
    {
        var recorder = new DecisionRecorder(store, command.BatchId ?? DecisionRecorder.NewBatchId(clock));
        var (licenses, ledger) = command.Licences.Open(store, recorder.BatchId);
        var decider = new OrderBookDecider(screening.Reference.Decider(), screening.Reference.Classifier, command.Mode, licenses, ledger);
        var summary = new BookSummary();
        output.Start(book.ExtraColumns);

        void Log(List<OrderRow> rows, Decision?[] decisions)
        {
            for (var i = 0; i < rows.Count; i++)
            {
                recorder.Add(rows[i], decisions[i], book.ExtraColumns);
            }

            recorder.Commit();
            for (var i = 0; i < rows.Count; i++)
            {
                if (decisions[i] is { } d)
                {
                    ListMatchCases.Raise(store, screening, d, recorder.BatchId, rows[i].LineNumber);
                }
            }
        }

        void Write(List<OrderRow> rows, Decision?[] decisions) => output.Write(rows, decisions);

        try
        {
            BookPipeline.Run(
                book.Rows,
                rows =>
                {
                    var decisions = new Decision?[rows.Count];
                    for (var i = 0; i < rows.Count; i++)
                    {
                        var decision = rows[i].Line is { } line ? decider.Decide(line, rows[i].LineNumber) : null;
                        summary.Add(decision?.Verdict.Name() ?? "ERROR", decision?.Quantity ?? 0, decision?.ValueUsd);
                        decisions[i] = decision;
                    }

                    decided?.Invoke();
                    return decisions;
                },
                output.AfterLogging ? Log : Write,
                output.AfterLogging ? Write : Log,
                cancel);
        }
        finally
        {
            // Whatever was added and not committed (a failure in a later stage) goes to the log: a line decided is logged.
            recorder.Commit();
        }

        output.Finish();
        return new Result(recorder.BatchId, summary, recorder.Logged, recorder.Resumed, screening.Reference.Book.Version, decider.ListSnapshot, command.Mode, store.Location);
    }
}
