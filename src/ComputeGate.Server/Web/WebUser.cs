using System.Security.Claims;
using ComputeGate.Server.Access;
using ComputeGate.Store;
using Microsoft.AspNetCore.Authentication;

namespace ComputeGate.Server.Web;

/// <summary>Who is signed in to the web UI: the name and role of the API key pasted at sign-in (the same roles as the API).</summary>
public static class WebUser
{
    /// <summary>The role of the signed-in key, or null when there is none.</summary>
    public static ApiRole? Role(this ClaimsPrincipal user) =>
        ApiAccessStore.TryParseRole(user.FindFirst(ApiKeyAuthentication.RoleClaim)?.Value, out var role) ? role : null;

    /// <summary>Whether the signed-in key's role is at least <paramref name="role"/> (roles are ranked).</summary>
    public static bool May(this ClaimsPrincipal user, ApiRole role) => user.Role() is { } r && r >= role;

    /// <summary>Ends a session whose key was revoked (asks the store: sessions are few, pages are not the hot path).</summary>
    public static async Task Validate(Microsoft.AspNetCore.Authentication.Cookies.CookieValidatePrincipalContext context)
    {
        var cache = context.HttpContext.RequestServices.GetRequiredService<ApiKeyCache>();
        var id = context.Principal?.FindFirst(ApiKeyAuthentication.KeyIdClaim)?.Value;
        if (!cache.Store.List().Any(k => k.RevokedAt is null && k.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) == id))
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(ServerApp.CookieScheme).ConfigureAwait(false);
        }
    }

    /// <summary>The role's name as the API spells it ("viewer"...).</summary>
    public static string RoleName(this ClaimsPrincipal user) => user.Role() is { } r ? ApiAccessStore.RoleName(r) : "none";
}
