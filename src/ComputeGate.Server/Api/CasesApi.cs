using ComputeGate.Application.Review;
using ComputeGate.Store;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ComputeGate.Server.Api;

/// <summary>/api/cases: the review queue (possible list matches and REVIEW lines), with evidence; confirm or clear.</summary>
public static class CasesApi
{
    /// <param name="Reason">Why (required): what the reviewer compared.</param>
    public sealed record Resolution(string Reason);

    public sealed record CaseView(long Id, string PartyName, string List, string EntryId, string EntryVersion, double Score, string RaisedAt, string? BatchId, long? LineNo,
        string State, string? ResolvedBy, string? Reason, string? ResolvedAt);

    /// <summary>A case with the evidence a reviewer compares: the listed entry as loaded, and the logged decision that raised it.</summary>
    /// <param name="Explanation">The logged decision's explanation (reasons, citations, unverified facts), when it has one.</param>
    public sealed record CaseEvidence(CaseView Case, Domain.Screening.ListEntry? Entry, System.Text.Json.JsonElement? Decision, System.Text.Json.JsonElement? Explanation = null);

    public static RouteGroupBuilder MapCases(this RouteGroupBuilder api)
    {
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
        return api;
    }

    public static CaseView View(ReviewCase c) => new(c.Id, c.PartyName, c.List, c.EntryId, c.EntryVersion, c.Score, c.RaisedAt, c.BatchId, c.LineNo,
        c.Resolution switch { CaseResolution.Confirmed => "confirmed", CaseResolution.Cleared => "cleared", _ => "open" }, c.ResolvedBy, c.Reason, c.ResolvedAt);

    /// <summary>Confirms or clears a case for the web UI and the API: the resolved case, or the problem (404, 400 without a reason, 409 when already resolved).</summary>
    public static (CaseView? Case, ProblemHttpResult? Problem) Resolve(EngineHost host, long id, CaseResolution resolution, string who, string? reason)
    {
        var r = new ResolveCase(host.Store).Run(new ResolveCase.Command(id, resolution, who, reason));
        return r.Outcome switch
        {
            ResolveCase.Outcome.Resolved => (View(r.Case!), null),
            ResolveCase.Outcome.NoSuchCase => (null, Problems.NotFound(r.Problem!)),
            ResolveCase.Outcome.NoReason => (null, Problems.BadInput(r.Problem!)),
            _ => (null, Problems.Conflict(r.Problem!)),
        };
    }

    /// <summary>The case, the list entry it names (as loaded now) and the decision that raised it, or null when there is no such case.</summary>
    public static CaseEvidence? Evidence(EngineHost host, long id) =>
        Application.Review.CaseEvidence.Of(host.Store, id) is not { } e
            ? null
            : new CaseEvidence(View(e.Case), e.Entry,
                e.Decision is { } d ? System.Text.Json.JsonDocument.Parse(d.Body).RootElement.Clone() : null,
                e.Explanation is { } x ? System.Text.Json.JsonDocument.Parse(x).RootElement.Clone() : null);
}
