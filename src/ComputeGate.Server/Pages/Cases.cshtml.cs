using ComputeGate.Domain.Screening;
using ComputeGate.Server.Api;
using ComputeGate.Server.Web;
using ComputeGate.Store;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ComputeGate.Server.Pages;

/// <summary>
/// The review queue: each open case with the party as given and the listed entry side by side, the match explained
/// feature by feature; a reviewer confirms or clears it with a reason (a lower role sees no buttons and gets 403 if it posts).
/// </summary>
public sealed class CasesModel(EngineHost host) : PageModel
{
    /// <summary>An open case with its evidence and how the match scores now (null when the lists no longer give it).</summary>
    public sealed record OpenCase(CasesApi.CaseEvidence Evidence, IReadOnlyList<MatchFeature>? Explanation);

    public IReadOnlyList<OpenCase> Open { get; private set; } = [];

    /// <summary>The case just resolved (who, when, why).</summary>
    public CasesApi.CaseView? Resolved { get; private set; }

    public string? Error { get; private set; }

    public void OnGet(long? resolved)
    {
        if (resolved is { } id && host.Store.Cases.Get(id) is { } c)
        {
            Resolved = CasesApi.View(c);
        }

        Load();
    }

    public IActionResult OnPostConfirm(long id, string? reason) => Resolve(id, CaseResolution.Confirmed, reason);

    public IActionResult OnPostClear(long id, string? reason) => Resolve(id, CaseResolution.Cleared, reason);

    private IActionResult Resolve(long id, CaseResolution resolution, string? reason)
    {
        if (!User.May(ApiRole.Reviewer))
        {
            return StatusCode(StatusCodes.Status403Forbidden);
        }

        var (done, problem) = CasesApi.Resolve(host, id, resolution, User.Identity?.Name ?? "unknown", reason);
        if (done is not null)
        {
            return RedirectToPage(new { resolved = done.Id });
        }

        Error = $"Case {id}: {problem?.ProblemDetails.Detail}";
        Response.StatusCode = problem?.StatusCode ?? StatusCodes.Status400BadRequest;
        Load();
        return Page();
    }

    private void Load()
    {
        var index = host.Current.Index;
        Open = host.Store.Cases.OpenCases().Select(c =>
        {
            var evidence = CasesApi.Evidence(host, c.Id)!;
            var match = c.List == CaseStore.DecisionList ? null : index?.Screen(c.PartyName, threshold: 0.5, max: 20).FirstOrDefault(m => m.List == c.List && m.EntryId == c.EntryId);
            return new OpenCase(evidence, match?.Explanation);
        }).ToList();
    }
}
