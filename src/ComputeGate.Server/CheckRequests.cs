using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using System.Threading.Channels;
using ComputeGate.Application;
using ComputeGate.Application.Checking;
using ComputeGate.Domain;
using ComputeGate.Domain.Licensing;
using ComputeGate.Formats;

namespace ComputeGate.Server;

/// <summary>One order line to decide (the columns of an order book, as JSON). Unknown fields are refused.</summary>
/// <param name="Item">A catalog id (GET /api/items).</param>
/// <param name="Destination">ISO 3166-1 code or country name.</param>
/// <param name="Date">The date to decide on (default: today, UTC).</param>
/// <param name="Quantity">Units (default 1).</param>
/// <param name="UseStoreLicenses">Draw on the licences held in the store.</param>
public sealed record CheckLineRequest(
    string Item, string Destination, DateOnly? Date = null, int? Quantity = null, string? Id = null,
    string? EndUser = null, string? EndUserCountry = null, string? EndUserHq = null, string? Exporter = null,
    string? Consignee = null, string? ShipFrom = null, decimal? UnitValueUsd = null, bool AsWritten = false, bool UseStoreLicenses = false);

/// <summary>
/// The server's side of checking, for the API and the web UI: a request becomes an order line (the one
/// <see cref="OrderLineParser"/>), the <see cref="CheckLine"/> use case decides and logs it in the server's batch (group
/// commit), idempotent by key; an upload goes through <see cref="CheckOrderBook"/>, each line handed on once logged.
/// </summary>
public sealed class CheckRequests(EngineHost host, GroupCommitLog log)
{
    private static readonly JsonSerializerOptions Canonical = JsonContract.Configure(new JsonSerializerOptions());
    private readonly SemaphoreSlim[] _idempotencyLocks = Enumerable.Range(0, 64).Select(_ => new SemaphoreSlim(1, 1)).ToArray();

    /// <summary>The outcome of a one-line check: the response JSON, and whether it replays an earlier one (idempotency).</summary>
    public sealed record Outcome(string Json, bool Replayed);

    /// <summary>Reads the request into an order line; an unknown item or country is bad input naming the field.</summary>
    public OrderLine Line(CheckLineRequest r)
    {
        var reference = host.Reference;
        return new OrderLineParser(reference.Catalog, reference.Countries.TryResolve, itemBaseDirectory: null, itemHint: "GET /api/items").ParseOrThrow(
            new OrderLineText(r.Id ?? "api", r.Date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), r.Item ?? "", (r.Quantity ?? 1).ToString(CultureInfo.InvariantCulture),
                r.Destination ?? "", r.EndUser, r.EndUserCountry, r.EndUserHq, r.Exporter, r.Consignee, r.UnitValueUsd?.ToString(CultureInfo.InvariantCulture), r.ShipFrom),
            OrderLineFieldNames.Api, defaultDate: host.Today);
    }

    /// <summary>
    /// Decides and logs one line; with an idempotency key, the first response to (API key, idempotency key) is
    /// stored and replayed for the same body, and another body is a conflict (<see cref="IdempotencyConflict"/>).
    /// </summary>
    public async Task<Outcome> One(CheckLineRequest request, long apiKeyId, string? idempotencyKey, string source)
    {
        var line = Line(request);
        if (idempotencyKey is null)
        {
            return new Outcome(await Decide(line, request, source).ConfigureAwait(false), false);
        }

        if (idempotencyKey.Length is 0 or > 200 || idempotencyKey.Any(char.IsControl))
        {
            throw new InputException("Idempotency-Key", null, null, "must be 1 to 200 printable characters");
        }

        var access = host.Store.Access;
        var bodyHash = Convert.ToHexStringLower(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(request, Canonical)));
        var gate = _idempotencyLocks[(int)(unchecked((uint)HashCode.Combine(apiKeyId, idempotencyKey)) % (uint)_idempotencyLocks.Length)];
        await gate.WaitAsync().ConfigureAwait(false);
        try
        {
            if (access.Idempotent(apiKeyId, idempotencyKey) is { } stored)
            {
                return stored.RequestSha256 == bodyHash ? new Outcome(stored.Response, true) : throw new IdempotencyConflict(idempotencyKey);
            }

            var json = await Decide(line, request, source).ConfigureAwait(false);
            var kept = access.Remember(apiKeyId, idempotencyKey, bodyHash, json);
            return new Outcome(kept.Response, kept.Response != json);
        }
        finally
        {
            gate.Release();
        }
    }

    private async Task<string> Decide(OrderLine line, CheckLineRequest request, string source)
    {
        var licences = request.UseStoreLicenses ? LicenceChoice.Store : LicenceChoice.None;
        var r = await host.CheckLine(log).Run(new CheckLine.Command(line, request.AsWritten ? DecisionMode.AsWritten : DecisionMode.AsEnforced, licences, source)).ConfigureAwait(false);
        var buffer = new ArrayBufferWriter<byte>(4096);
        using (var w = new Utf8JsonWriter(buffer, DecisionJson.Options))
        {
            w.WriteStartObject();
            w.WriteString("id", r.Decision.LineId);
            w.WriteString("batchId", r.BatchId);
            w.WriteNumber("lineNo", r.LineNo);
            DecisionJson.WriteDecision(w, r.Decision);
            w.WriteStartArray("reviewCases");
            foreach (var c in r.ReviewCases)
            {
                w.WriteNumberValue(c);
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>
    /// Decides an uploaded order book, every decision logged under a new batch, and hands each line to
    /// <paramref name="onLine"/>, in order, once it is logged; returns the use case's result and the book's extra columns.
    /// </summary>
    public async Task<(CheckOrderBook.Result Result, IReadOnlyList<string> ExtraColumns)> Book(TextReader csv, string fileName, DateOnly? asOf, DecisionMode mode, Func<OrderRow, Decision?, Task> onLine, CancellationToken cancel)
    {
        var book = CheckOrderBook.Open(host.Reference, csv, fileName, asOf);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        var output = new ChannelOutput(stop.Token);
        var check = host.CheckOrderBook();
        var run = Task.Run(() =>
        {
            try
            {
                return check.Run(book, new CheckOrderBook.Command(mode, LicenceChoice.None), output, cancel: stop.Token);
            }
            finally
            {
                output.Batches.Writer.TryComplete();
            }
        }, CancellationToken.None);

        try
        {
            await foreach (var (rows, decisions) in output.Batches.Reader.ReadAllAsync(CancellationToken.None).ConfigureAwait(false))
            {
                for (var i = 0; i < rows.Count; i++)
                {
                    await onLine(rows[i], decisions[i]).ConfigureAwait(false);
                }
            }
        }
        catch
        {
            // The client went away (or its writer failed): stop the check; what was decided is logged.
            await stop.CancelAsync().ConfigureAwait(false);
            try
            {
                await run.ConfigureAwait(false);
            }
#pragma warning disable CA1031 // the first failure is the one rethrown
            catch
#pragma warning restore CA1031
            {
            }

            throw;
        }

        return (await run.ConfigureAwait(false), book.ExtraColumns);
    }

    /// <summary>Logged batches handed from the pipeline's thread to the request's (bounded: a slow client slows the check).</summary>
    private sealed class ChannelOutput(CancellationToken stop) : IBookOutput
    {
        public Channel<(IReadOnlyList<OrderRow> Rows, IReadOnlyList<Decision?> Decisions)> Batches { get; } =
            Channel.CreateBounded<(IReadOnlyList<OrderRow>, IReadOnlyList<Decision?>)>(4);

        public bool AfterLogging => true;

        public void Start(IReadOnlyList<string> extraColumns)
        {
        }

        public void Write(IReadOnlyList<OrderRow> rows, IReadOnlyList<Decision?> decisions)
        {
            // The pipeline's logging thread: wait for room (the request thread drains the channel).
            if (!Batches.Writer.TryWrite((rows, decisions)))
            {
                Batches.Writer.WriteAsync((rows, decisions), stop).AsTask().GetAwaiter().GetResult();
            }
        }

        public void Finish()
        {
        }
    }
}

/// <summary>The idempotency key was used before with another request body.</summary>
public sealed class IdempotencyConflict(string key) : Exception($"the Idempotency-Key '{key}' was used with another request body; use a new key for a new request");
