using System.Threading.Channels;
using ComputeGate.Domain.Licensing;
using ComputeGate.Formats;
using ComputeGate.Application;
using ComputeGate.Store;

namespace ComputeGate.Server;

/// <summary>
/// Logs the decisions of one-line API checks with group commit: requests queue their decision and wait;
/// one writer appends everything queued in one transaction (<see cref="DecisionRecorder"/>) and then
/// answers them all. A response is sent only once its decision is in the log. The server's one-line checks
/// form one batch per process (<see cref="BatchId"/>), each a line numbered when it arrives.
/// </summary>
public sealed class DecisionWriter : IAsyncDisposable
{
    private const int MaxGroup = 1024;

    private readonly Channel<Pending> _queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });
    private readonly EngineHost _host;
    private DecisionRecorder _recorder;
    private readonly Task _loop;
    private long _lines;

    private sealed record Pending(OrderRow Row, Decision Decision, TaskCompletionSource Done);

    public DecisionWriter(EngineHost host)
    {
        _host = host;
        BatchId = "api-" + DecisionRecorder.NewBatchId(host.Clock);
        _recorder = new DecisionRecorder(host.Log, BatchId, new PartyRegistry(host.Store, host.Clock), new CaseStore(host.Store, host.Clock));
        _loop = Task.Run(Run);
    }

    /// <summary>The batch the server's one-line decisions are logged under.</summary>
    public string BatchId { get; }

    /// <summary>The next line number of the server's batch (numbered before deciding: a licence drawdown is keyed by it).</summary>
    public long NextLine() => Interlocked.Increment(ref _lines);

    /// <summary>Queues a decision and completes when it is committed to the log (or fails with the append's error).</summary>
    public Task Log(long lineNo, OrderLine line, Decision decision, string source)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
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
                    p.Done.SetResult();
                }
            }
#pragma warning disable CA1031 // every waiting request must get the failure, whatever it is
            catch (Exception e)
#pragma warning restore CA1031
            {
                // What the recorder holds (pending records, explanations it believes sent) is not in the
                // store: start again from what the store has.
                _recorder = new DecisionRecorder(_host.Log, BatchId, new PartyRegistry(_host.Store, _host.Clock), new CaseStore(_host.Store, _host.Clock));
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
