using System.Threading.Channels;
using ComputeGate.Domain.Licensing;
using ComputeGate.Store;

namespace ComputeGate.Application.Checking;

/// <summary>Where one-line checks are logged: one batch, a line number per check.</summary>
public interface ILineLog
{
    /// <summary>The batch the lines are logged under.</summary>
    string BatchId { get; }

    /// <summary>The next line number of the batch (numbered before deciding: a licence drawdown is keyed by it).</summary>
    long NextLine();

    /// <summary>Logs the decision; completes once it is in the log. False: the batch already had that line (not logged again).</summary>
    Task<bool> Log(long lineNo, OrderLine line, Decision decision, string source);
}

/// <summary>One line logged at once, in its own transaction (the CLI's <c>check --item</c>: line 1 of its batch).</summary>
public sealed class DirectLineLog(StoreSession store, string batchId) : ILineLog
{
    public string BatchId => batchId;

    public long NextLine() => 1;

    public Task<bool> Log(long lineNo, OrderLine line, Decision decision, string source)
    {
        var recorder = new DecisionRecorder(store, batchId);
        recorder.Add(new OrderRow(checked((int)lineNo), line.Id, line, null, null, []) { File = source }, decision, []);
        recorder.Commit();
        return Task.FromResult(recorder.Logged == 1);
    }
}

/// <summary>
/// Logs the decisions of one-line checks with group commit (the server): requests queue their decision and wait;
/// one writer appends everything queued in one transaction (<see cref="DecisionRecorder"/>) and then answers them
/// all. A response is sent only once its decision is in the log. The lines form one batch per process, each numbered
/// when it arrives.
/// </summary>
public sealed class GroupCommitLog : ILineLog, IAsyncDisposable
{
    private const int MaxGroup = 1024;

    private readonly Channel<Pending> _queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });
    private readonly StoreSession _store;
    private DecisionRecorder _recorder;
    private readonly Task _loop;
    private long _lines;

    private sealed record Pending(OrderRow Row, Decision Decision, TaskCompletionSource<bool> Done);

    public GroupCommitLog(StoreSession store, string batchId)
    {
        _store = store;
        BatchId = batchId;
        _recorder = new DecisionRecorder(store, BatchId);
        _loop = Task.Run(Run);
    }

    public string BatchId { get; }

    public long NextLine() => Interlocked.Increment(ref _lines);

    public Task<bool> Log(long lineNo, OrderLine line, Decision decision, string source)
    {
        var done = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        var row = new OrderRow(checked((int)lineNo), line.Id, line, null, null, []) { File = source };
        if (!_queue.Writer.TryWrite(new Pending(row, decision, done)))
        {
            done.SetException(new InvalidOperationException("the server is stopping: the decision was not logged"));
        }

        return done.Task;
    }

    private async Task Run()
    {
        var group = new List<Pending>(MaxGroup);
        while (await _queue.Reader.WaitToReadAsync().ConfigureAwait(false))
        {
            while (group.Count < MaxGroup && _queue.Reader.TryRead(out var p))
            {
                group.Add(p);
            }

            try
            {
                foreach (var p in group)
                {
                    _recorder.Add(p.Row, p.Decision, []);
                }

                _recorder.Commit();
                foreach (var p in group)
                {
                    p.Done.SetResult(true);
                }
            }
#pragma warning disable CA1031 // every waiting request must get the failure, whatever it is
            catch (Exception e)
#pragma warning restore CA1031
            {
                // What the recorder holds (pending records, explanations it believes sent) is not in the
                // store: start again from what the store has.
                _recorder = new DecisionRecorder(_store, BatchId);
                foreach (var p in group)
                {
                    p.Done.TrySetException(e);
                }
            }

            group.Clear();
        }
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _loop.ConfigureAwait(false);
    }
}
