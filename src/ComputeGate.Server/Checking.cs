using ComputeGate.Domain;
using System.Buffers;
using System.Security.Cryptography;
using System.Text.Json;
using ComputeGate.Domain.Geography;
using ComputeGate.Domain.Licensing;
using ComputeGate.Formats;
using ComputeGate.Application;
using ComputeGate.Store;

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
/// Deciding order lines for the API and the web UI: one line (logged with group commit, possible list
/// matches raised as review cases, idempotent by key), or an uploaded order book (streamed, logged under
/// a batch of its own).
/// </summary>
public sealed class Checking(EngineHost host, DecisionWriter writer)
{
    private static readonly JsonSerializerOptions Canonical = JsonContract.Configure(new JsonSerializerOptions());
    private readonly SemaphoreSlim[] _idempotencyLocks = Enumerable.Range(0, 64).Select(_ => new SemaphoreSlim(1, 1)).ToArray();

    /// <summary>The outcome of a one-line check: the response JSON, and whether it replays an earlier one (idempotency).</summary>
    public sealed record Outcome(string Json, bool Replayed);

    /// <summary>Reads the request into an order line; an unknown item or country is bad input naming the field.</summary>
    public OrderLine Line(CheckLineRequest r)
    {
        var engine = host.Reference;
        CountryCode? Country(string field, string? text) =>
            string.IsNullOrWhiteSpace(text) ? null : engine.Countries.TryResolve(text, out var c) ? c : throw new InputException(field, null, null, $"'{text}' is not a country code or name");
        if (r.Quantity is <= 0)
        {
            throw new InputException("quantity", null, null, $"{r.Quantity} must be a positive whole number");
        }

        if (r.UnitValueUsd is < 0m)
        {
            throw new InputException("unitValueUsd", null, null, "must not be negative");
        }

        if (r.Id is { Length: > 200 } || (r.Id?.Any(char.IsControl) ?? false))
        {
            throw new InputException("id", null, null, "must be at most 200 printable characters");
        }

        return new OrderLine
        {
            Id = r.Id ?? "api",
            Date = r.Date ?? host.Today,
            Item = string.IsNullOrWhiteSpace(r.Item) ? throw new InputException("item", null, null, "is required (a catalog id)")
                : host.Item(r.Item) ?? throw new InputException("item", null, null, $"'{r.Item}' is not a catalog id (GET /api/items)"),
            Quantity = r.Quantity ?? 1,
            Destination = Country("destination", r.Destination) ?? throw new InputException("destination", null, null, "is required"),
            EndUser = r.EndUser,
            EndUserCountry = Country("endUserCountry", r.EndUserCountry),
            EndUserHeadquarters = Country("endUserHq", r.EndUserHq),
            Exporter = r.Exporter,
            Consignee = r.Consignee,
            UnitValueUsd = r.UnitValueUsd,
            ShipFrom = Country("shipFrom", r.ShipFrom),
        };
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

        var access = new ApiAccessStore(host.Store, host.Clock);
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
        var snapshot = host.Current;
        var lineNo = writer.NextLine();
        var (decision, screened) = host.Decide(snapshot, line, request.AsWritten ? DecisionMode.AsWritten : DecisionMode.AsEnforced, request.UseStoreLicenses, writer.BatchId, lineNo);
        await writer.Log(lineNo, line, decision, source).ConfigureAwait(false);
        var cases = RaiseCases(snapshot, screened, writer.BatchId, lineNo);
        var buffer = new ArrayBufferWriter<byte>(4096);
        using (var w = new Utf8JsonWriter(buffer, DecisionJson.Options))
        {
            w.WriteStartObject();
            w.WriteString("id", decision.LineId);
            w.WriteString("batchId", writer.BatchId);
            w.WriteNumber("lineNo", lineNo);
            DecisionJson.WriteDecision(w, decision);
            w.WriteStartArray("reviewCases");
            foreach (var c in cases)
            {
                w.WriteNumberValue(c);
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>A possible list match (at the threshold, not an exact Entity List hit) is a case for a person: raised once per party and entry version.</summary>
    public List<long> RaiseCases(EngineHost.Snapshot snapshot, IReadOnlyList<OrderLineDecider.ScreenedParty> screened, string batchId, long lineNo)
    {
        var ids = new List<long>();
        if (screened.Count == 0 || snapshot.Reference.Screen is not { } screen)
        {
            return ids;
        }

        var cases = new CaseStore(host.Store, host.Clock);
        foreach (var s in screened.Where(s => s.Match.Score >= screen.Threshold && !screen.IsExactEntityListHit(s.GivenName, s.Match)))
        {
            var version = snapshot.EntryVersions.GetValueOrDefault((s.Match.List, s.Match.EntryId)) ?? "unknown";
            ids.Add(cases.Raise(Domain.Parties.PartyName.Key(s.GivenName), s.GivenName, s.Match.List, s.Match.EntryId, version, Math.Round(s.Match.Score, 4), batchId, lineNo).Case.Id);
        }

        return ids;
    }

    /// <summary>
    /// Decides an uploaded order book line by line, logging every decision under a new batch (one transaction
    /// per <paramref name="groupSize"/> lines) and handing each line to <paramref name="onLine"/>, in order, once it is logged; returns the batch, the summary and the book's extra columns.
    /// </summary>
    public async Task<(string BatchId, BookSummary Summary, IReadOnlyList<string> ExtraColumns)> Book(TextReader csv, string fileName, DateOnly? asOf, DecisionMode mode, Func<OrderRow, Decision?, Task> onLine, CancellationToken cancel, int groupSize = 256)
    {
        var snapshot = host.Current;
        var engine = snapshot.Reference;
        var recorder = new DecisionRecorder(host.Log, DecisionRecorder.NewBatchId(host.Clock), new PartyRegistry(host.Store, host.Clock), new CaseStore(host.Store, host.Clock));
        var reader = new OrderBookReader(engine.Catalog, engine.Countries.TryResolve);
        var lineDecider = engine.Decider();
        var book = new OrderBookDecider(lineDecider, engine.Classifier, mode, []);
        var summary = new BookSummary();
        var rows = reader.Read(fileName, csv, asOf);
        var group = new List<(OrderRow Row, Decision? Decision)>(groupSize);
        async Task Send()
        {
            recorder.Commit();
            foreach (var (row, decision) in group)
            {
                await onLine(row, decision).ConfigureAwait(false);
            }

            group.Clear();
        }

        try
        {
            foreach (var row in rows)
            {
                cancel.ThrowIfCancellationRequested();
                var decision = row.Line is { } l ? book.Decide(l, row.LineNumber) : null;
                summary.Add(decision?.Verdict.Name() ?? "ERROR", decision?.Quantity ?? 0, decision?.ValueUsd);
                recorder.Add(row, decision, reader.ExtraColumns);
                if (row.Line is { } line)
                {
                    RaiseCases(snapshot, lineDecider.ScreenLine(line), recorder.BatchId, row.LineNumber);
                }

                group.Add((row, decision));
                if (group.Count == groupSize)
                {
                    await Send().ConfigureAwait(false);
                }
            }

            await Send().ConfigureAwait(false);
        }
        finally
        {
            // A line decided is logged, even when the client went away before seeing it.
            recorder.Commit();
        }

        return (recorder.BatchId, summary, reader.ExtraColumns);
    }
}

/// <summary>The idempotency key was used before with another request body.</summary>
public sealed class IdempotencyConflict(string key) : Exception($"the Idempotency-Key '{key}' was used with another request body; use a new key for a new request");
