using Microsoft.AspNetCore.Hosting;
using Microsoft.Playwright;

[assembly: AssemblyFixture(typeof(ComputeGate.Server.Tests.Browser))]

namespace ComputeGate.Server.Tests;

/// <summary>
/// Headless Chromium for the web UI tests, launched once for the assembly: the system's <c>/usr/bin/chromium</c>
/// driven by Playwright (no browser download). Absent, the browser tests are skipped with the reason.
/// </summary>
public sealed class Browser : IAsyncLifetime
{
    public const string Executable = "/usr/bin/chromium";

    private IPlaywright? _playwright;

    public IBrowser? Chromium { get; private set; }

    /// <summary>Where screenshots are kept: the test output's <c>TestResults/screenshots</c>.</summary>
    public static string Screenshots { get; } = Path.Combine(AppContext.BaseDirectory, "TestResults", "screenshots");

    public async ValueTask InitializeAsync()
    {
        if (!File.Exists(Executable))
        {
            return;
        }

        _playwright = await Playwright.CreateAsync();
        Chromium = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Executable,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
        Directory.CreateDirectory(Screenshots);
    }

    /// <summary>The server on Kestrel (a free loopback port) with a store of <paramref name="kind"/>, and a fresh browser context signed in with the key of <paramref name="role"/>.</summary>
    public async Task<(ServerUnderTest Server, IBrowserContext Context, IPage Page)> SignedIn(string kind, Store.ApiRole role)
    {
        if (Chromium is null)
        {
            Assert.Skip($"{Executable} is not installed: the web UI is not tested in a browser here (.ci/run installs it)");
        }

        var server = await ServerUnderTest.Start(kind, configure: b => b.WebHost.UseUrls("http://127.0.0.1:0"));
        var (context, page) = await SignedIn(server, role);
        return (server, context, page);
    }

    /// <summary>Another browser context on <paramref name="server"/>, signed in with the key of <paramref name="role"/>.</summary>
    public async Task<(IBrowserContext Context, IPage Page)> SignedIn(ServerUnderTest server, Store.ApiRole role)
    {
        var context = await Chromium!.NewContextAsync(new BrowserNewContextOptions { BaseURL = server.App.Urls.First(), ViewportSize = new ViewportSize { Width = 1280, Height = 900 }, AcceptDownloads = true });
        // CI runs the test projects side by side on 2 cores (the screening evaluation, PostgreSQL, Chromium and
        // the server at once): a page may take longer than Playwright's 30 s default to come.
        context.SetDefaultTimeout(120_000);
        context.SetDefaultNavigationTimeout(120_000);
        var page = await context.NewPageAsync();
        await SignIn(page, server.Keys[role]);
        return (context, page);
    }

    /// <summary>Signs in on the sign-in page the home page redirects to.</summary>
    public static async Task SignIn(IPage page, string key)
    {
        await page.GotoAsync("/");
        await page.GetByLabel("API key").FillAsync(key);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        // Signed in when the home page says so (only it does). Not WaitForURLAsync: its wait for a load state ran out
        // at 120 s with the page shown and the network idle, with "load" and with "commit" (DECISIONS 71).
        await Assertions.Expect(page.GetByText("Signed in as")).ToBeVisibleAsync(new() { Timeout = 120_000 });
        Assert.DoesNotContain("/signin", page.Url, StringComparison.Ordinal);
    }

    /// <summary>Keeps a full-page screenshot of <paramref name="page"/> as <c>TestResults/screenshots/NAME.png</c>.</summary>
    public static Task Screenshot(IPage page, string name) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Screenshots, name + ".png"), FullPage = true });

    public async ValueTask DisposeAsync()
    {
        if (Chromium is not null)
        {
            await Chromium.DisposeAsync();
        }

        _playwright?.Dispose();
    }
}
