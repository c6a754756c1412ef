using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using ComputeGate.Domain.Licensing;
using ComputeGate.Application.Lists;
using ComputeGate.Store;

namespace ComputeGate.Application;

/// <summary>
/// Logs the decisions of one batch to the store's decision log: the bodies of a pipeline batch are built
/// in one buffer and appended in one transaction (<see cref="Commit"/>). Lines that a killed run of the
/// same batch already logged are left out, so a resumed batch logs every line exactly once. Explanations
/// are made once per distinct set of reasons and sent to the store once per run (bounded memory).
/// Single-threaded (one pipeline stage).
/// </summary>
public sealed class DecisionRecorder
{
    private readonly IDecisionLog _log;
    private readonly IReadOnlySet<long> _already;
    private readonly ArrayBufferWriter<byte> _bodies = new(1 << 22);
    private readonly Utf8JsonWriter _json;
    private readonly DecisionJson.FragmentCache _fragments = new();
    private readonly List<(long Line, string Id, int Start, int Length, string? Texts)> _pending = [];
    private readonly Dictionary<IReadOnlyList<DecisionStep>, string> _explained = new(ReferenceEqualityComparer.Instance);
    private readonly HashSet<string> _sent = new(StringComparer.Ordinal);
    private readonly List<DecisionText> _newTexts = [];
    private readonly ArrayBufferWriter<byte> _text = new(8192);
    private readonly Utf8JsonWriter _textJson;

    private readonly PartyRegistry? _parties;
    private readonly HashSet<string> _partiesSeen = new(StringComparer.Ordinal);
    private readonly List<StoredParty> _newParties = [];

    private readonly CaseStore? _cases;
    private readonly List<CaseStore.DecisionCase> _reviews = [];

    /// <param name="parties">Where the end users and consignees of the logged lines are remembered (for re-screening when a list changes); none when null.</param>
    /// <param name="cases">Where a REVIEW line becomes a review case once it is logged; none when null.</param>
    public DecisionRecorder(IDecisionLog log, string batchId, PartyRegistry? parties = null, CaseStore? cases = null)
    {
        _log = log;
        _parties = parties;
        _cases = cases;
        BatchId = batchId;
        _already = log.LoggedLines(batchId);
        _json = new Utf8JsonWriter(_bodies, DecisionJson.Options);
        _textJson = new Utf8JsonWriter(_text, DecisionJson.Options);
    }

    /// <summary>A recorder on the store's log, remembering the parties and raising REVIEW cases there.</summary>
    public DecisionRecorder(StoreSession store, string batchId) : this(store.Log, batchId, store.Parties, store.Cases)
    {
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
        _pending.Add((row.LineNumber, row.Id, start, _bodies.WrittenCount - start, decision is null ? null : Explanation(decision)));
        if (_cases is not null && decision is { Verdict: Verdict.Review })
        {
            var party = string.IsNullOrWhiteSpace(row.Line?.EndUser) ? "(no end user given)" : row.Line!.EndUser!.Trim();
            _reviews.Add(new CaseStore.DecisionCase(Domain.Parties.PartyName.Key(party), party, BatchId, row.LineNumber, decision.Provenance?.RuleSet ?? "unknown"));
        }

        if (_parties is not null && row.Line is { } line)
        {
            foreach (var party in ListChangeScreening.PartiesOf(line))
            {
                if (_partiesSeen.Count < 1_000_000 && _partiesSeen.Add(party.Key))
                {
                    _newParties.Add(party);
                }
            }
        }
    }

    /// <summary>Appends what was added since the last commit, in one transaction.</summary>
    public void Commit()
    {
        if (_pending.Count > 0)
        {
            var memory = _bodies.WrittenMemory;
            Logged += _log.Append(_pending.Select(p => new DecisionRecord(BatchId, p.Line, p.Id, memory.Slice(p.Start, p.Length), p.Texts)).ToList(), _newTexts);
            _pending.Clear();
            _newTexts.Clear();
            _parties?.Remember(_newParties);
            _newParties.Clear();
            _cases?.RaiseDecisions(_reviews);
            _reviews.Clear();
        }

        _bodies.ResetWrittenCount();
    }

    /// <summary>
    /// The hash of the decision's explanation, queued for the store the first time this run meets it. Keyed by
    /// the decision's list of steps: decisions of one cached ruling share it (and its citations); a decision
    /// whose reasons differ (a licence drawn, an LPP allowance) has a list of its own.
    /// </summary>
    private string Explanation(Decision d)
    {
        if (_explained.TryGetValue(d.Steps, out var hash))
        {
            return hash;
        }

        _text.ResetWrittenCount();
        _textJson.Reset();
        DecisionJson.WriteExplanation(_textJson, d, _fragments);
        _textJson.Flush();
        hash = DecisionLog.TextHash(_text.WrittenSpan);
        if (_explained.Count >= 50_000)
        {
            _explained.Clear();
            _sent.Clear();
        }

        _explained[d.Steps] = hash;
        if (_sent.Add(hash))
        {
            _newTexts.Add(new DecisionText(hash, System.Text.Encoding.UTF8.GetString(_text.WrittenSpan)));
        }

        return hash;
    }
}
