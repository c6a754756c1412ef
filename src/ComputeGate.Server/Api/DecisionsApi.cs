using ComputeGate.Application;
using ComputeGate.Store;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ComputeGate.Server.Api;

/// <summary>/api/decisions and /api/audit: the decision log, its export, and the verification of its hash chain.</summary>
public static class DecisionsApi
{


    public static RouteGroupBuilder MapDecisions(this RouteGroupBuilder api)
    {
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
        return api;
    }
}
