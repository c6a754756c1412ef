using ComputeGate.Domain;
using System.Buffers;
using System.Text.Json;
using ComputeGate.Domain.Licensing;
using ComputeGate.Application;
using ComputeGate.Server.Access;
using ComputeGate.Store;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace ComputeGate.Server.Api;

/// <summary>/api/checks: decide one order line (idempotent by key) or an uploaded order book (streamed as JSON lines). Analyst.</summary>
public static class ChecksApi
{
    public const string IdempotencyHeader = "Idempotency-Key";

    public static RouteGroupBuilder MapChecks(this RouteGroupBuilder api)
    {
        var checks = api.MapGroup("/checks").WithTags("Checks").RequireRole(ApiRole.Analyst);
        checks.MapPost("/", async Task<Results<ContentHttpResult, ProblemHttpResult>> (CheckLineRequest line, [FromHeader(Name = IdempotencyHeader)] string? idempotencyKey, HttpContext http, CheckRequests checking) =>
            {
                try
                {
                    var outcome = await checking.One(line, KeyId(http), idempotencyKey, "api").ConfigureAwait(false);
                    if (outcome.Replayed)
                    {
                        http.Response.Headers["Idempotent-Replayed"] = "true";
                    }

                    return TypedResults.Content(outcome.Json, "application/json");
                }
                catch (IdempotencyConflict e)
                {
                    return Problems.Conflict(e.Message);
                }
            })
            .WithSummary("Decide one order line: NLR, licence exception, licence required, LICENSED or REVIEW, with reasons, citations and provenance; logged. Idempotency-Key: the same key and body give the same logged decision, another body 409");
        checks.MapPost("/batch", async (HttpContext http, CheckRequests checking, DateOnly? asOf, bool? asWritten) =>
            {
                var (name, text) = await Upload(http).ConfigureAwait(false);
                using var reader = text;
                http.Response.ContentType = "application/x-ndjson";
                var buffer = new ArrayBufferWriter<byte>(1 << 16);
                var w = new Utf8JsonWriter(buffer, DecisionJson.Options);
                var fragments = new DecisionJson.FragmentCache();
                var extra = Array.Empty<string>();
                var (result, _) = await checking.Book(reader, name, asOf, asWritten == true ? DecisionMode.AsWritten : DecisionMode.AsEnforced, async (row, decision) =>
                {
                    DecisionJson.Write(w, row, decision, [], fragments);
                    w.Flush();
                    w.Reset();
                    buffer.Write("\n"u8);
                    if (buffer.WrittenCount > 1 << 15)
                    {
                        await http.Response.Body.WriteAsync(buffer.WrittenMemory, http.RequestAborted).ConfigureAwait(false);
                        buffer.ResetWrittenCount();
                    }
                }, http.RequestAborted).ConfigureAwait(false);
                w.WriteStartObject();
                w.WriteStartObject("summary");
                w.WriteString("batchId", result.BatchId);
                w.WriteNumber("lines", result.Summary.Lines);
                foreach (var (verdict, s) in result.Summary.ByVerdict)
                {
                    w.WriteNumber(verdict, s.Lines);
                }

                w.WriteEndObject();
                w.WriteEndObject();
                w.Flush();
                buffer.Write("\n"u8);
                await http.Response.Body.WriteAsync(buffer.WrittenMemory, http.RequestAborted).ConfigureAwait(false);
                await w.DisposeAsync().ConfigureAwait(false);
            })
            .DisableAntiforgery()
            .WithMetadata(AcceptsUpload.Instance)
            .Accepts<IFormFile>("multipart/form-data", "text/csv")
            .Produces(StatusCodes.Status200OK, contentType: "application/x-ndjson")
            .WithSummary("Decide an order book (CSV, as `computegate check`): one JSON line per order line as it is decided and logged, then a summary line with the batch id");
        return api;
    }

    /// <summary>The id of the calling key (0 for a UI session without one).</summary>
    public static long KeyId(HttpContext http) => long.TryParse(http.User.FindFirst(ApiKeyAuthentication.KeyIdClaim)?.Value, System.Globalization.CultureInfo.InvariantCulture, out var id) ? id : 0;

    /// <summary>An uploaded text file (UTF-8), as <see cref="UploadStream"/>.</summary>
    public static async Task<(string Name, TextReader Text)> Upload(HttpContext http)
    {
        var (name, stream) = await UploadStream(http).ConfigureAwait(false);
        return (name, new StreamReader(stream, System.Text.Encoding.UTF8, detectEncodingFromByteOrderMarks: true));
    }

    /// <summary>An uploaded file: the first file of a multipart form, or the body itself (text/csv, YAML...), read whole within the upload limit (the readers are synchronous).</summary>
    public static async Task<(string Name, Stream Content)> UploadStream(HttpContext http)
    {
        if (http.Request.HasFormContentType)
        {
            var form = await http.Request.ReadFormAsync(http.RequestAborted).ConfigureAwait(false);
            var file = form.Files.Count > 0 ? form.Files[0] : throw new InputException("file", null, null, "the form has no file");
            return (Path.GetFileName(file.FileName), file.OpenReadStream());
        }

        var copy = new MemoryStream();
        await http.Request.Body.CopyToAsync(copy, http.RequestAborted).ConfigureAwait(false);
        copy.Position = 0;
        return ("upload", copy);
    }
}
