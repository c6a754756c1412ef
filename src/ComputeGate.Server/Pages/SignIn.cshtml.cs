using ComputeGate.Server.Access;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ComputeGate.Server.Pages;

/// <summary>Sign-in: an API key pasted once becomes a session cookie carrying the key's name, role and id (never the key).</summary>
public sealed class SignInModel(ApiKeyCache keys) : PageModel
{
    [BindProperty]
    public string? Key { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public string? Error { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (string.IsNullOrWhiteSpace(Key) || keys.Find(Key.Trim()) is not { } key)
        {
            Error = "That key is unknown or revoked.";
            Response.StatusCode = StatusCodes.Status401Unauthorized;
            return Page();
        }

        await HttpContext.SignInAsync(ServerApp.CookieScheme, ApiKeyAuthentication.Principal(key, ServerApp.CookieScheme)).ConfigureAwait(false);
        return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : "/");
    }

    public async Task<IActionResult> OnPostSignOutAsync()
    {
        await HttpContext.SignOutAsync(ServerApp.CookieScheme).ConfigureAwait(false);
        return RedirectToPage();
    }
}
