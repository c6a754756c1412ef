using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Claims;
using System.Text.Encodings.Web;
using ComputeGate.Store;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace ComputeGate.Server.Access;

/// <summary>
/// Who is calling: an API key in <c>X-Api-Key</c> or <c>Authorization: Bearer</c>, looked up by its SHA-256.
/// Lookups are cached for <see cref="CacheFor"/> (a key revoked by another process stops working within that
/// time; revoked here, at once). No key or an unknown key is 401; a role too low is 403; both as ProblemDetails.
/// </summary>
public sealed class ApiKeyAuthentication(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, ApiKeyCache cache)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string Header = "X-Api-Key";
    public const string RoleClaim = "computegate:role";
    public const string KeyIdClaim = "computegate:key-id";

    /// <summary>How long a key lookup is trusted without asking the store again.</summary>
    public static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(30);

    /// <summary>The key a request carries, if any.</summary>
    public static string? KeyOf(HttpRequest request)
    {
        if (request.Headers.TryGetValue(Header, out var key) && key.Count == 1 && key[0] is { Length: > 0 } k)
        {
            return k;
        }

        return request.Headers.Authorization.ToString() is { } auth && auth.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) && auth.Length > 7 ? auth[7..].Trim() : null;
    }

    /// <summary>The principal of a stored key: its name, role and id as claims.</summary>
    public static ClaimsPrincipal Principal(ApiKey k, string scheme) => new(new ClaimsIdentity(
        [new Claim(ClaimTypes.Name, k.Name), new Claim(RoleClaim, ApiAccessStore.RoleName(k.Role)), new Claim(KeyIdClaim, k.Id.ToString(CultureInfo.InvariantCulture))], scheme));

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (KeyOf(Request) is not { } key)
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        return Task.FromResult(cache.Find(key) is { } k
            ? AuthenticateResult.Success(new AuthenticationTicket(Principal(k, SchemeName), SchemeName))
            : AuthenticateResult.Fail("unknown or revoked API key"));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties) =>
        Problems.Write(Context, StatusCodes.Status401Unauthorized, "API key required",
            KeyOf(Request) is null
                ? $"send an API key in the {Header} header (or Authorization: Bearer); `computegate keys create --name N --role viewer|analyst|reviewer|admin` makes one"
                : "the API key is unknown or revoked");

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        Problems.Write(Context, StatusCodes.Status403Forbidden, "Role too low",
            $"this key's role ({Context.User.FindFirst(RoleClaim)?.Value}) may not do this; it needs {Context.GetEndpoint()?.Metadata.GetMetadata<RoleRequirement>()?.Role.ToString().ToLowerInvariant() ?? "a higher role"}");
}

/// <summary>Key lookups by hash, cached briefly (the hot path of every API request).</summary>
public sealed class ApiKeyCache(EngineHost host)
{
    private readonly ConcurrentDictionary<string, (ApiKey? Key, DateTimeOffset Until)> _found = new(StringComparer.Ordinal);

    public ApiAccessStore Store { get; } = host.Store.Access;

    public ApiKey? Find(string key)
    {
        var hash = ApiAccessStore.Hash(key);
        var now = host.Clock.GetUtcNow();
        if (_found.TryGetValue(hash, out var hit) && hit.Until > now)
        {
            return hit.Key;
        }

        var k = Store.FindActive(key);
        if (_found.Count > 10_000)
        {
            _found.Clear(); // unknown keys must not grow the cache without bound
        }

        _found[hash] = (k, now + ApiKeyAuthentication.CacheFor);
        return k;
    }

    /// <summary>Forgets every lookup (after a revocation).</summary>
    public void Clear() => _found.Clear();
}

/// <summary>The least role an endpoint needs (endpoint metadata, also read to say what was missing).</summary>
public sealed record RoleRequirement(ApiRole Role) : Microsoft.AspNetCore.Authorization.IAuthorizationRequirement;

/// <summary>Roles are ranked: a role may do what the roles below it may.</summary>
public sealed class RoleHandler : Microsoft.AspNetCore.Authorization.AuthorizationHandler<RoleRequirement>
{
    protected override Task HandleRequirementAsync(Microsoft.AspNetCore.Authorization.AuthorizationHandlerContext context, RoleRequirement requirement)
    {
        if (ApiAccessStore.TryParseRole(context.User.FindFirst(ApiKeyAuthentication.RoleClaim)?.Value, out var role) && role >= requirement.Role)
        {
            context.Succeed(requirement);
        }

        return Task.CompletedTask;
    }
}
