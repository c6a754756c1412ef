using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using ComputeGate.Domain.Licensing;
using ComputeGate.Law;
using ComputeGate.Store;

namespace ComputeGate.Cli;

/// <summary>
/// Logs the decisions of one batch to the store's decision log: the bodies of a pipeline batch are built
/// in one buffer and appended in one transaction (<see cref="Commit"/>). Lines that a killed run of the
/// same batch already logged are left out, so a resumed batch logs every line exactly once.
/// Single-threaded (the pipeline's writer stage).
/// </summary>
public sealed class DecisionRecorder
{
    private readonly IDecisionLog _log;
    private readonly IReadOnlySet<long> _already;
    private readonly ArrayBufferWriter<byte> _bodies = new(1 << 22);
    private readonly Utf8JsonWriter _json;
    private readonly DecisionJson.FragmentCache _fragments = new();
    private readonly List<(long Line, string Id, int Start, int Length)> _pending = [];

    public DecisionRecorder(IDecisionLog log, string batchId)
    {
        _log = log;
        BatchId = batchId;
        _already = log.LoggedLines(batchId);
        _json = new Utf8JsonWriter(_bodies, DecisionJson.Options);
    }

    public string BatchId { get; }

    /// <summary>Lines logged by this run.</summary>
    public long Logged { get; private set; }

    /// <summary>Lines found already logged for the batch (a resumed run), not logged again.</summary>
    public long Resumed { get; private set; }

    /// <summary>A new batch id: the UTC time and 8 random hex digits, e.g. <c>20261123T120000Z-3f9c0a12</c>.</summary>
    public static string NewBatchId(TimeProvider clock) =>
        clock.GetUtcNow().UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture) + "-" + RandomNumberGenerator.GetHexString(8, lowercase: true);

    public void Add(OrderRow row, Decision? decision, IReadOnlyList<string> extraColumns)
    {
        if (_already.Contains(row.LineNumber))
        {
            Resumed++;
            return;
        }

        var start = _bodies.WrittenCount;
        DecisionJson.WriteLogBody(_json, row, decision, extraColumns, _fragments);
        _json.Flush();
        _json.Reset();
        _pending.Add((row.LineNumber, row.Id, start, _bodies.WrittenCount - start));
    }

    /// <summary>Appends what was added since the last commit, in one transaction.</summary>
    public void Commit()
    {
        if (_pending.Count > 0)
        {
            var memory = _bodies.WrittenMemory;
            Logged += _log.Append(_pending.Select(p => new DecisionRecord(BatchId, p.Line, p.Id, memory.Slice(p.Start, p.Length))).ToList());
            _pending.Clear();
        }

        _bodies.ResetWrittenCount();
    }
}
