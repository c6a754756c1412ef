using ComputeGate.Server.Access;
using ComputeGate.Store;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ComputeGate.Server.Api;

/// <summary>/api/keys: API keys and their roles (admin only).</summary>
public static class KeysApi
{
    public sealed record NewKey(string Name, string Role);

    public sealed record KeyView(long Id, string Name, string Role, string CreatedAt, string? RevokedAt);

    public sealed record CreatedKey(string Key, KeyView Record);

    public static RouteGroupBuilder MapKeys(this RouteGroupBuilder api)
    {
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

    public static KeyView ViewOf(ApiKey k) => new(k.Id, k.Name, ApiAccessStore.RoleName(k.Role), k.CreatedAt, k.RevokedAt);
}
