using ComputeGate.Domain;
using System.Text.Json;
using ComputeGate.Store;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace ComputeGate.Server;

/// <summary>
/// Errors as RFC 9457 problem details, each with a message a person can act on: bad input names the field
/// (malformed JSON, an unknown field, a wrong date) and changes nothing; a body over the limit is 413.
/// </summary>
public static class Problems
{
    /// <summary>A problem response written directly (authentication, size limits).</summary>
    public static Task Write(HttpContext context, int status, string title, string detail)
    {
        context.Response.StatusCode = status;
        return context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new ProblemDetails { Status = status, Title = title, Detail = detail },
        }).AsTask();
    }

    /// <summary>400 naming what is wrong with the input.</summary>
    public static ProblemHttpResult BadInput(string detail) => TypedResults.Problem(detail, statusCode: StatusCodes.Status400BadRequest, title: "Bad input");

    public static ProblemHttpResult NotFound(string detail) => TypedResults.Problem(detail, statusCode: StatusCodes.Status404NotFound, title: "Not found");

    public static ProblemHttpResult Conflict(string detail) => TypedResults.Problem(detail, statusCode: StatusCodes.Status409Conflict, title: "Conflict");

    /// <summary>Maps what the engine and the request pipeline throw to problems: input errors are 4xx, the rest 500 without internals.</summary>
    public sealed class Handler(IProblemDetailsService problems, ILogger<Handler> log) : IExceptionHandler
    {
        public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
        {
            var (status, title, detail) = exception switch
            {
                BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } => (413, "Body too large", "the request body is larger than this endpoint accepts"),
                BadHttpRequestException { InnerException: JsonException j } => (400, "Malformed JSON", Describe(j)),
                BadHttpRequestException b => (b.StatusCode, "Bad request", b.Message),
                JsonException j => (400, "Malformed JSON", Describe(j)),
                InputException e => (400, "Bad input", e.Message),
                ImportRefused e => (422, "Import refused", e.Message),
                _ => (500, "Unexpected failure", "the server failed; nothing was changed by this request unless its response said so"),
            };
            if (status == 500)
            {
                log.LogError(exception, "unexpected failure on {Path}", context.Request.Path);
            }

            context.Response.StatusCode = status;
            return await problems.TryWriteAsync(new ProblemDetailsContext
            {
                HttpContext = context,
                ProblemDetails = new ProblemDetails { Status = status, Title = title, Detail = detail },
                Exception = exception,
            }).ConfigureAwait(false);
        }

        private static string Describe(JsonException j) =>
            (j.Message.Contains("could not be mapped", StringComparison.Ordinal) ? "unknown field: " : "") + j.Message.Split(" Path:", 2)[0]
            + (j.Path is { Length: > 1 } p ? $" (at {p})" : "");
    }
}
