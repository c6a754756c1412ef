using System.Globalization;
using ComputeGate.Formats;
using ComputeGate.Application;
using ComputeGate.Application.Checking;
using ComputeGate.Server.Access;
using ComputeGate.Store;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ComputeGate.Server.Api;

/// <summary>/api/licenses, /api/cases, /api/decisions, /api/audit, /api/keys: what the store holds.</summary>
public static class RecordsApi
{
    public sealed record LicenseView(string Number, string Holder, IReadOnlyList<string> Items, IReadOnlyList<string> Eccns, IReadOnlyList<string> Destinations, IReadOnlyList<string> EndUsers,
        int? QuantityLimit, decimal? ValueLimitUsd, string ValidFrom, string ValidUntil, long QuantityUsed, decimal ValueUsedUsd, int? QuantityLeft, decimal? ValueLeftUsd);

    /// <param name="Reason">Why (required): what the reviewer compared.</param>
    public sealed record Resolution(string Reason);

    public sealed record CaseView(long Id, string PartyName, string List, string EntryId, string EntryVersion, double Score, string RaisedAt, string? BatchId, long? LineNo,
        string State, string? ResolvedBy, string? Reason, string? ResolvedAt);

    /// <summary>A case with the evidence a reviewer compares: the listed entry as loaded, and the logged decision that raised it.</summary>
    /// <param name="Explanation">The logged decision's explanation (reasons, citations, unverified facts), when it has one.</param>
    public sealed record CaseEvidence(CaseView Case, Domain.Screening.ListEntry? Entry, System.Text.Json.JsonElement? Decision, System.Text.Json.JsonElement? Explanation = null);

    public sealed record NewKey(string Name, string Role);

    public sealed record KeyView(long Id, string Name, string Role, string CreatedAt, string? RevokedAt);

    public sealed record CreatedKey(string Key, KeyView Record);

    public static RouteGroupBuilder MapRecords(this RouteGroupBuilder api)
    {
        var licenses = api.MapGroup("/licenses").WithTags("Licences").RequireRole(ApiRole.Viewer);
        licenses.MapGet("/", (EngineHost host) => TypedResults.Ok(Licenses(host)))
            .WithSummary("The licences held in the store and what is left of each");
        licenses.MapPost("/import", async Task<Results<Ok<LicenseImportAudit>, ProblemHttpResult>> (HttpContext http, EngineHost host) =>
            {
                var (name, text) = await ChecksApi.Upload(http).ConfigureAwait(false);
                string content;
                using (text)
                {
                    content = await text.ReadToEndAsync(http.RequestAborted).ConfigureAwait(false);
                }

                var read = ReadLicences.Read(host.Reference, name, content);
                if (read.Errors.Count > 0)
                {
                    return Problems.BadInput(string.Join("; ", read.Errors.Select(e => e.Message)) + " (nothing was imported)");
                }

                return TypedResults.Ok(host.Store.Licenses.Import(read.Licenses));
            })
            .RequireRole(ApiRole.Admin).DisableAntiforgery().WithMetadata(AcceptsUpload.Instance).Accepts<IFormFile>("multipart/form-data")
            .WithSummary("Import a licence file (YAML or CSV): a known number gets the new terms and keeps what was drawn");

        var cases = api.MapGroup("/cases").WithTags("Review cases").RequireRole(ApiRole.Viewer);
        cases.MapGet("/", (EngineHost host) => TypedResults.Ok(host.Store.Cases.OpenCases().Select(View).ToList()))
            .WithSummary("The open review cases (possible list matches), oldest first");
        cases.MapGet("/{id:long}", Results<Ok<CaseEvidence>, ProblemHttpResult> (long id, EngineHost host) =>
                Evidence(host, id) is { } e ? TypedResults.Ok(e) : Problems.NotFound($"case {id} does not exist"))
            .WithSummary("A case with its evidence side by side: the list entry and the logged decision");
        foreach (var (path, resolution) in new[] { ("confirm", CaseResolution.Confirmed), ("clear", CaseResolution.Cleared) })
        {
            cases.MapPost("/{id:long}/" + path, Results<Ok<CaseView>, ProblemHttpResult> (long id, Resolution r, HttpContext http, EngineHost host) =>
                    Resolve(host, id, resolution, http.User.Identity?.Name ?? "unknown", r.Reason) switch
                    {
                        ({ } c, _) => TypedResults.Ok(c),
                        (_, var problem) => problem!,
                    })
                .RequireRole(ApiRole.Reviewer)
                .WithSummary(resolution == CaseResolution.Confirmed ? "Confirm a case: the party is the listed entry" : "Clear a case: not the listed party (not raised again until the entry changes)");
        }

        var decisions = api.MapGroup("/decisions").WithTags("Decisions").RequireRole(ApiRole.Viewer);
        decisions.MapGet("/", Results<ContentHttpResult, ProblemHttpResult> (DateOnly? from, DateOnly? to, string? batch, int? limit, EngineHost host) =>
            {
                var (f, t) = (from ?? host.Today, to ?? from ?? host.Today);
                if (t < f)
                {
                    return Problems.BadInput($"to: {t:yyyy-MM-dd} is before from {f:yyyy-MM-dd}");
                }

                var records = host.Store.Log.Read(f, t).Where(r => batch is null || r.BatchId == batch).Take(Math.Clamp(limit ?? 100, 1, 1000)).ToList();

                // Each decision with the review cases its line raised: who resolved them, when and why.
                var caseStore = host.Store.Cases;
                var cases = records.Select(r => r.BatchId).Distinct(StringComparer.Ordinal)
                    .SelectMany(caseStore.OfBatch).ToLookup(c => (c.BatchId, c.LineNo));
                return TypedResults.Content(ScreeningApi.Write(w =>
                {
                    w.WriteStartArray();
                    foreach (var r in records)
                    {
                        AuditJson.WriteRecord(w, r, r.Texts is { } th ? host.Store.Log.Text(th) : null, more =>
                        {
                            more.WriteStartArray("cases");
                            foreach (var c in cases[(r.BatchId, r.LineNo)])
                            {
                                more.WriteStartObject();
                                more.WriteNumber("id", c.Id);
                                more.WriteString("list", c.List);
                                more.WriteString("entryId", c.EntryId);
                                more.WriteString("state", c.Resolution switch { CaseResolution.Confirmed => "confirmed", CaseResolution.Cleared => "cleared", _ => "open" });
                                more.WriteString("resolvedBy", c.ResolvedBy);
                                more.WriteString("reason", c.Reason);
                                more.WriteString("resolvedAt", c.ResolvedAt);
                                more.WriteEndObject();
                            }

                            more.WriteEndArray();
                        });
                    }

                    w.WriteEndArray();
                }), "application/json");
            })
            .WithSummary("Logged decisions of the days from..to (UTC, default today), optionally of one batch; at most limit (default 100, at most 1,000)");
        decisions.MapGet("/export", async Task<Results<EmptyHttpResult, ProblemHttpResult>> (DateOnly from, DateOnly to, HttpContext http, EngineHost host) =>
            {
                if (to < from)
                {
                    return Problems.BadInput($"to: {to:yyyy-MM-dd} is before from {from:yyyy-MM-dd}");
                }

                http.Response.ContentType = "application/x-ndjson";
                http.Features.Get<IHttpBodyControlFeature>()?.AllowSynchronousIO = true;
                var body = http.Response.Body;
                await Task.Run(() => AuditJson.Export(host.Store.Log, host.Store.Location, from, to, host.Clock, bytes => body.Write(bytes.Span)), http.RequestAborted).ConfigureAwait(false);
                return TypedResults.Empty;
            })
            .Produces(StatusCodes.Status200OK, contentType: "application/x-ndjson")
            .WithSummary("The records of the days from..to (UTC, inclusive) as JSON lines with their explanations, then the verification of the whole chain (as `audit export`)");

        api.MapGet("/audit/verify", (EngineHost host) =>
                TypedResults.Content(ScreeningApi.Write(w => AuditJson.WriteVerification(w, host.Store.Log.Verify(), host.Store.Location)), "application/json"))
            .WithTags("Audit").RequireRole(ApiRole.Viewer)
            .WithSummary("Recompute the decision log's hash chain; name the first edited, deleted or reordered record");

        var keys = api.MapGroup("/keys").WithTags("API keys").RequireRole(ApiRole.Admin);
        keys.MapGet("/", (ApiKeyCache cache) => TypedResults.Ok(cache.Store.List().Select(ViewOf).ToList()))
            .WithSummary("The API keys (names, roles, dates; never the keys)");
        keys.MapPost("/", Results<Created<CreatedKey>, ProblemHttpResult> (NewKey k, ApiKeyCache cache) =>
            {
                if (!ApiAccessStore.TryParseRole(k.Role, out var role))
                {
                    return Problems.BadInput($"role: '{k.Role}' is not a role (viewer, analyst, reviewer, admin)");
                }

                try
                {
                    var (key, record) = cache.Store.Create(k.Name, role);
                    return TypedResults.Created($"/api/keys/{record.Id}", new CreatedKey(key, ViewOf(record)));
                }
                catch (ArgumentException e)
                {
                    return Problems.BadInput("name: " + e.Message);
                }
                catch (InvalidOperationException e)
                {
                    return Problems.Conflict(e.Message);
                }
            })
            .WithSummary("Make a key with a role; the key is in this response only");
        keys.MapDelete("/{id:long}", Results<NoContent, ProblemHttpResult> (long id, ApiKeyCache cache) =>
            {
                if (!cache.Store.Revoke(id))
                {
                    return Problems.NotFound($"no active key {id}");
                }

                cache.Clear();
                return TypedResults.NoContent();
            })
            .WithSummary("Revoke a key");
        return api;
    }

    public static List<LicenseView> Licenses(EngineHost host) => host.Store.Licenses.List().Select(s =>
    {
        var l = s.License;
        var left = s.Left;
        return new LicenseView(l.Number, l.Holder, l.Items, l.Eccns, l.Destinations.Select(d => d.Value).ToList(), l.EndUsers, l.QuantityLimit, l.ValueLimitUsd,
            l.ValidFrom.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), l.ValidUntil.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), s.QuantityUsed, s.ValueUsedUsd, left.Quantity, left.Value);
    }).ToList();

    public static CaseView View(ReviewCase c) => new(c.Id, c.PartyName, c.List, c.EntryId, c.EntryVersion, c.Score, c.RaisedAt, c.BatchId, c.LineNo,
        c.Resolution switch { CaseResolution.Confirmed => "confirmed", CaseResolution.Cleared => "cleared", _ => "open" }, c.ResolvedBy, c.Reason, c.ResolvedAt);

    public static KeyView ViewOf(ApiKey k) => new(k.Id, k.Name, ApiAccessStore.RoleName(k.Role), k.CreatedAt, k.RevokedAt);

    /// <summary>Confirms or clears a case for the web UI and the API: the resolved case, or the problem (404, 400 without a reason, 409 when already resolved).</summary>
    public static (CaseView? Case, ProblemHttpResult? Problem) Resolve(EngineHost host, long id, CaseResolution resolution, string who, string? reason)
    {
        var cases = host.Store.Cases;
        if (cases.Get(id) is null)
        {
            return (null, Problems.NotFound($"case {id} does not exist"));
        }

        if (string.IsNullOrWhiteSpace(reason) || reason.Length > 2000)
        {
            return (null, Problems.BadInput("reason: say why (1 to 2,000 characters)"));
        }

        try
        {
            return (View(cases.Resolve(id, resolution, who, reason)), null);
        }
        catch (InvalidOperationException e)
        {
            return (null, Problems.Conflict(e.Message));
        }
    }

    /// <summary>The case, the list entry it names (as loaded now) and the decision that raised it, or null when there is no such case.</summary>
    public static CaseEvidence? Evidence(EngineHost host, long id)
    {
        if (host.Store.Cases.Get(id) is not { } c)
        {
            return null;
        }

        var entry = host.Store.Lists.ActiveEntries(c.List).FirstOrDefault(e => e.EntryId == c.EntryId);
        System.Text.Json.JsonElement? decision = null;
        System.Text.Json.JsonElement? explanation = null;
        if (c.BatchId is { } batch && c.LineNo is { } line && DateOnly.TryParse(c.RaisedAt.AsSpan(0, 10), CultureInfo.InvariantCulture, out var day)
            && host.Store.Log.Read(day.AddDays(-1), day).FirstOrDefault(r => r.BatchId == batch && r.LineNo == line) is { } record)
        {
            decision = System.Text.Json.JsonDocument.Parse(record.Body).RootElement.Clone();
            if (record.Texts is { } texts && host.Store.Log.Text(texts) is { } text)
            {
                explanation = System.Text.Json.JsonDocument.Parse(text).RootElement.Clone();
            }
        }

        return new CaseEvidence(View(c), entry, decision, explanation);
    }
}
