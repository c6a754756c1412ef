using System.Text.Json;
using ComputeGate.Domain.Classification;
using ComputeGate.Application;
using ComputeGate.Store;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ComputeGate.Server.Api;

/// <summary>/api/items: the catalog, and an item's classification, headroom and timeline on a date (viewer). Same JSON as the CLI's --json.</summary>
public static class ItemsApi
{
    /// <summary>An item given inline, in the item-file format, to classify on a date.</summary>
    public sealed record ClassifyRequest(JsonElement Item, DateOnly? Date = null);

    public static RouteGroupBuilder MapItems(this RouteGroupBuilder api)
    {
        var items = api.MapGroup("/items").WithTags("Items").RequireRole(ApiRole.Viewer);
        items.MapGet("/", (EngineHost host) => TypedResults.Ok(JsonContract.Catalog(host.Reference.Catalog.All())))
            .WithSummary("The bundled catalog of real items");
        items.MapGet("/{id}/classification", Results<Ok<object>, ProblemHttpResult> (string id, DateOnly? date, EngineHost host) =>
                host.Item(id) is { } item ? TypedResults.Ok(JsonContract.Classification(host.Reference.Classifier.Classify(item, date ?? host.Today))) : Unknown(id))
            .WithSummary("TPP, performance density, ECCN paragraph, reasons, citations and unverified facts on a date (default today)");
        items.MapGet("/{id}/headroom", Results<Ok<object>, ProblemHttpResult> (string id, DateOnly? date, EngineHost host) =>
                host.Item(id) is { } item ? TypedResults.Ok(JsonContract.Headroom(Headroom.Of(host.Reference.Classifier, item, date ?? host.Today))) : Unknown(id))
            .WithSummary("Distance to every threshold in force, and the largest TOPS / smallest die area that keep the item outside");
        items.MapGet("/{id}/timeline", Results<Ok<object>, ProblemHttpResult> (string id, EngineHost host) =>
                host.Item(id) is { } item ? TypedResults.Ok(JsonContract.Timeline(item, Timeline.Of(host.Reference.Classifier, item), host.Reference.Book.Version)) : Unknown(id))
            .WithSummary("Every date the item's status changed, and why");
        items.MapPost("/classify", (ClassifyRequest r, EngineHost host) =>
                TypedResults.Ok(JsonContract.Classification(host.Reference.Classifier.Classify(host.ReadItem(r.Item.GetRawText()), r.Date ?? host.Today))))
            .WithSummary("Classify an item given inline (the item-file format as JSON)");
        return api;
    }

    private static ProblemHttpResult Unknown(string id) => Problems.NotFound($"'{id}' is not a catalog id (GET /api/items)");
}
