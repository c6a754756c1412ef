using ComputeGate.Domain.Licensing;

namespace ComputeGate.Application.Checking;

/// <summary>
/// Streams an order book through three stages on three threads: reading and parsing the CSV (pure),
/// deciding (stateful: licence balances, LPP; on the calling thread), and writing, and optionally a fourth
/// after writing (logging to the store), joined by bounded queues of batches so memory stays constant in
/// the number of lines. Any stage that fails cancels the
/// others (a full queue never blocks forever) and the first real failure is rethrown.
/// </summary>
public static class BookPipeline
{
    /// <summary>Rows per batch handed between the stages.</summary>
    public const int BatchSize = 2048;

    /// <summary>
    /// The managed-heap budget of a streamed run (check as jsonl or csv, whatif, exposure). Deciding is streamed
    /// and every cache is bounded, so the live data stays near 150–200 MB per book decider whatever the size of
    /// the book; without a limit the GC lets the heap grow to twice that (BENCHMARKS.md). Not applied to
    /// `check --format table`, which holds its rows.
    /// </summary>
    public const ulong BatchHeapLimitBytes = 400UL * 1024 * 1024;

    /// <summary>Caps the managed heap at <see cref="BatchHeapLimitBytes"/> for the rest of the process.</summary>
    public static void LimitHeap()
    {
        AppContext.SetData("GCHeapHardLimit", BatchHeapLimitBytes);
        GC.RefreshMemoryLimit();
    }

    /// <param name="rows">The rows, read lazily (the producer thread enumerates them).</param>
    /// <param name="decide">Decides one batch, in file order (called on the calling thread).</param>
    /// <param name="write">Writes one decided batch, in file order (called on the writer thread).</param>
    /// <param name="after">Handles one written batch, in file order, on a thread of its own (the decision log).</param>
    /// <param name="cancel">Stops every stage (the client went away); the run then ends with an <see cref="OperationCanceledException"/>.</param>
    public static void Run<T>(IEnumerable<OrderRow> rows, Func<List<OrderRow>, T> decide, Action<List<OrderRow>, T> write, Action<List<OrderRow>, T>? after = null, CancellationToken cancel = default)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        using var queue = new System.Collections.Concurrent.BlockingCollection<List<OrderRow>>(boundedCapacity: 4);
        using var decided = new System.Collections.Concurrent.BlockingCollection<(List<OrderRow> Rows, T Decisions)>(boundedCapacity: 4);
        using var written = new System.Collections.Concurrent.BlockingCollection<(List<OrderRow> Rows, T Decisions)>(boundedCapacity: 4);
        Task Stage(Action body, Action complete) => Task.Run(() =>
        {
            try
            {
                body();
            }
            catch
            {
                stop.Cancel();
                throw;
            }
            finally
            {
                complete();
            }
        });

        var producer = Stage(
            () =>
            {
                var batch = new List<OrderRow>(BatchSize);
                foreach (var row in rows)
                {
                    batch.Add(row);
                    if (batch.Count == BatchSize)
                    {
                        queue.Add(batch, stop.Token);
                        batch = new List<OrderRow>(BatchSize);
                    }
                }

                if (batch.Count > 0)
                {
                    queue.Add(batch, stop.Token);
                }
            },
            queue.CompleteAdding);

        // Writing costs about a fifth of deciding (serialising a decision), so it has its own thread.
        var writer = Stage(
            () =>
            {
                foreach (var (batchRows, decisions) in decided.GetConsumingEnumerable(stop.Token))
                {
                    write(batchRows, decisions);
                    if (after is not null)
                    {
                        written.Add((batchRows, decisions), stop.Token);
                    }
                }
            },
            written.CompleteAdding);
        var afterWriting = after is null ? Task.CompletedTask : Stage(
            () =>
            {
                foreach (var (batchRows, decisions) in written.GetConsumingEnumerable(stop.Token))
                {
                    after(batchRows, decisions);
                }
            },
            () => { });

        Exception? failed = null;
        try
        {
            foreach (var batch in queue.GetConsumingEnumerable(stop.Token))
            {
                decided.Add((batch, decide(batch)), stop.Token);
            }
        }
        catch (Exception e)
        {
            stop.Cancel();
            failed = e;
        }
        finally
        {
            decided.CompleteAdding();
        }

        try
        {
            Task.WaitAll(producer, writer, afterWriting);
        }
        catch (AggregateException)
        {
            // Inspected below.
        }

        var first = new[] { producer.Exception?.InnerException, failed, writer.Exception?.InnerException, afterWriting.Exception?.InnerException }
            .FirstOrDefault(e => e is not null and not OperationCanceledException)
            ?? failed ?? producer.Exception?.InnerException ?? writer.Exception?.InnerException ?? afterWriting.Exception?.InnerException;
        if (first is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(first).Throw();
        }
    }
}
