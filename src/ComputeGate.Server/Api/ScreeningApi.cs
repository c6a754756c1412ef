using System.Buffers;
using System.Globalization;
using System.Text.Json;
using ComputeGate.Application;
using ComputeGate.Application.Lists;
using ComputeGate.Application.Screening;
using ComputeGate.Store;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ComputeGate.Server.Api;

/// <summary>/api/screen (analyst) and /api/lists (status: viewer; import: admin).</summary>
public static class ScreeningApi
{
    /// <param name="Threshold">The score from which a match is a HIT (0..1; default 0.88).</param>
    public sealed record ScreenRequest(string Name, string? Country = null, double? Threshold = null);

    public static RouteGroupBuilder MapScreening(this RouteGroupBuilder api)
    {
        api.MapPost("/screen", Results<ContentHttpResult, ProblemHttpResult> (ScreenRequest r, EngineHost host) =>
            {
                var threshold = r.Threshold ?? Domain.Screening.ScreeningIndex.DefaultThreshold;
                if (threshold is < 0 or > 1 || double.IsNaN(threshold))
                {
                    return Problems.BadInput($"threshold: {threshold} is not between 0 and 1");
                }

                if (string.IsNullOrWhiteSpace(r.Name) || r.Name.Length > 500)
                {
                    return Problems.BadInput("name: give a name of 1 to 500 characters");
                }

                if (host.Current.Index is not { } index)
                {
                    return Problems.Conflict("no lists are loaded in the store (POST /api/lists/import, or `computegate lists import`)");
                }

                var result = new ScreenName(index, threshold).One(new ScreenName.Command("api", r.Name, r.Country));
                return TypedResults.Content(Write(w => ScreeningJson.Write(w, result)), "application/json");
            })
            .WithTags("Screening").RequireRole(ApiRole.Analyst)
            .WithSummary("Screen one name against the loaded lists (fuzzy, cross-script): HIT or CLEAR, matches explained feature by feature");

        var lists = api.MapGroup("/lists").WithTags("Lists").RequireRole(ApiRole.Viewer);
        lists.MapGet("/", (EngineHost host) => TypedResults.Ok(ListStatus(host)))
            .WithSummary("The lists loaded: snapshot, source, active entries, age");
        lists.MapPost("/import", async (HttpContext http, EngineHost host, string? format, bool? allowMassRemoval) =>
            {
                // The upload is read as a stream (a form file, or the body within the upload limit): no temporary file.
                var (name, content) = await ChecksApi.UploadStream(http).ConfigureAwait(false);
                var r = new ImportList(host.Store, host.Clock).Run(
                    new ImportList.Command(new Upload(name, content), format, host.Reference.Countries, AllowMassRemoval: allowMassRemoval == true), host.Screening);
                host.ReloadLists();
                return TypedResults.Ok(new { file = r.File, format = r.Format, sha256 = r.Sha256, lists = r.Lists, rejected = r.Rejected.Count, rescreened = r.Rescreened });
            })
            .RequireRole(ApiRole.Admin).DisableAntiforgery().WithMetadata(AcceptsUpload.Instance).Accepts<IFormFile>("multipart/form-data")
            .WithSummary("Import a list file (CSL CSV, OFAC legacy CSV, simple JSON) as a new snapshot; an empty or truncated file changes nothing (422)");
        return api;
    }

    /// <summary>The lists loaded in the store (API and web UI).</summary>
    public static List<ListStatusView> ListStatus(EngineHost host)
    {
        return host.Store.Lists.Status(host.Clock.GetUtcNow()).Select(s => new ListStatusView(
            s.List, s.Snapshot, s.Format, Path.GetFileName(s.SourceFile), s.SourceSha256, s.ImportedAt.ToString("O", CultureInfo.InvariantCulture), s.ActiveEntries, Math.Round(s.Age.TotalDays, 1))).ToList();
    }

    public sealed record ListStatusView(string List, long Snapshot, string Format, string SourceFile, string SourceSha256, string ImportedAt, int ActiveEntries, double AgeDays);

    /// <summary>JSON written with Utf8JsonWriter, as text.</summary>
    public static string Write(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(4096);
        using (var w = new Utf8JsonWriter(buffer, DecisionJson.Options))
        {
            write(w);
        }

        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
