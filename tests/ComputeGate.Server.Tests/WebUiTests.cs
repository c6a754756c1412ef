using ComputeGate.Store;
using Microsoft.Playwright;

namespace ComputeGate.Server.Tests;

/// <summary>The web UI in real Chromium on both stores: the main flows clicked through, a screenshot kept of each.</summary>
public sealed class WebUiTests(Browser browser)
{
    [Theory, MemberData(nameof(ServerUnderTest.Kinds), MemberType = typeof(ServerUnderTest))]
    public async Task SignInAndClassifyTheH20WithItsHeadroomChart(string kind)
    {
        var (server, context, page) = await browser.SignedIn(kind, ApiRole.Viewer);
        await using (server)
        await using (context)
        {
            await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "ComputeGate" })).ToBeVisibleAsync();
            await page.GetByRole(AriaRole.Link, new() { Name = "Classify", Exact = true }).ClickAsync();
            await page.GetByLabel("Item").SelectOptionAsync("nvidia-h20");
            await page.GetByLabel("Date").FillAsync("2025-06-01");
            await page.GetByRole(AriaRole.Button, new() { Name = "Classify" }).ClickAsync();
            await Assertions.Expect(page.GetByTestId("tpp")).ToHaveTextAsync("2,368 (fp16)");
            await Assertions.Expect(page.GetByTestId("eccn")).ToContainTextAsync("none");
            await Assertions.Expect(page.GetByRole(AriaRole.Img, new() { Name = "Headroom chart" })).ToBeVisibleAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Table).First).ToContainTextAsync("3A090.b");
            await Browser.Screenshot(page, $"classify-{kind}");

            // No session, no page: back to sign-in, and a wrong key is refused.
            await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
            await page.GotoAsync("/classify?item=nvidia-h20");
            Assert.Contains("/signin", page.Url, StringComparison.Ordinal);
            await page.GetByLabel("API key").FillAsync("cg_not-a-key");
            await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("unknown or revoked");
        }
    }

    [Theory, MemberData(nameof(ServerUnderTest.Kinds), MemberType = typeof(ServerUnderTest))]
    public async Task CheckAnOrderBookFilterByVerdictAndDownload(string kind)
    {
        var (server, context, page) = await browser.SignedIn(kind, ApiRole.Analyst);
        await using (server)
        await using (context)
        {
            await page.GotoAsync("/check");
            await page.GetByLabel("Order book (CSV)").SetInputFilesAsync(Path.Combine(AppContext.BaseDirectory, "examples", "orders.csv"));
            await page.GetByRole(AriaRole.Button, new() { Name = "Check", Exact = true }).ClickAsync();
            await page.WaitForURLAsync(u => u.Contains("batch=", StringComparison.Ordinal));
            var rows = page.Locator("#lines tbody tr");
            await Assertions.Expect(rows).ToHaveCountAsync(21);
            await Assertions.Expect(page.Locator("#lines")).ToContainTextAsync("h20-cn-2025-04");
            var batch = await page.GetByTestId("batch").TextContentAsync();
            // The exposure chart of the book (what `computegate exposure --chart` draws), by destination.
            var chart = page.GetByRole(AriaRole.Img, new() { Name = "Exposure chart: value of orders.csv by destination and verdict" });
            await Assertions.Expect(chart).ToBeVisibleAsync();
            Assert.Contains("CN", await chart.InnerHTMLAsync(), StringComparison.Ordinal);
            await Browser.Screenshot(page, $"check-{kind}");

            await page.GetByLabel("Verdict", new() { Exact = true }).SelectOptionAsync("LICENSE_REQUIRED");
            await page.GetByRole(AriaRole.Button, new() { Name = "Filter" }).ClickAsync();
            await Assertions.Expect(page.Locator("#lines caption")).ToContainTextAsync("LICENSE_REQUIRED");
            var verdicts = await page.Locator("#lines tbody tr td:nth-child(5)").AllTextContentsAsync();
            Assert.NotEmpty(verdicts);
            Assert.All(verdicts, v => Assert.Equal("LICENSE_REQUIRED", v));
            await Browser.Screenshot(page, $"check-filtered-{kind}");

            var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "CSV" }).ClickAsync());
            var csv = await File.ReadAllLinesAsync(await download.PathAsync(), TestContext.Current.CancellationToken);
            Assert.StartsWith("id,line,verdict,", csv[0], StringComparison.Ordinal);
            Assert.EndsWith(",note", csv[0], StringComparison.Ordinal);
            Assert.Equal(verdicts.Count, csv.Length - 1);
            var jsonl = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "JSON lines" }).ClickAsync());
            Assert.Equal(verdicts.Count, (await File.ReadAllLinesAsync(await jsonl.PathAsync(), TestContext.Current.CancellationToken)).Length);

            // Logged like an API upload: every line under the batch, and the log verifies.
            using var api = server.Client(ApiRole.Viewer);
            var logged = await (await api.GetAsync($"/api/decisions?batch={batch}&limit=1000", TestContext.Current.CancellationToken)).Json();
            Assert.Equal(21, logged.GetArrayLength());
            Assert.True((await (await api.GetAsync("/api/audit/verify", TestContext.Current.CancellationToken)).Json()).GetProperty("ok").GetBoolean());

            // Its REVIEW lines are review cases, shown with the reasons of the logged decision (the Ascend 910B: GP10).
            await page.GotoAsync("/cases");
            var ascend = page.Locator("section.case").Filter(new() { HasText = $"{batch}:20" });
            await Assertions.Expect(ascend.GetByRole(AriaRole.Heading, new() { Name = "Why the line is REVIEW" })).ToBeVisibleAsync();
            await Assertions.Expect(ascend).ToContainTextAsync("General Prohibition 10");
            await Browser.Screenshot(page, $"cases-review-lines-{kind}");
        }
    }

    [Theory, MemberData(nameof(ServerUnderTest.Kinds), MemberType = typeof(ServerUnderTest))]
    public async Task AViewerSeesNoUploadAndMayNotPostOne(string kind)
    {
        var (server, context, page) = await browser.SignedIn(kind, ApiRole.Viewer);
        await using (server)
        await using (context)
        {
            await page.GotoAsync("/check");
            await Assertions.Expect(page.GetByText("may look at results but not check")).ToBeVisibleAsync();
            await Assertions.Expect(page.GetByLabel("Order book (CSV)")).ToHaveCountAsync(0);
            // With a valid anti-forgery token (the sign-out form's), the post is refused for the role.
            var token = await page.Locator("input[name=__RequestVerificationToken]").First.GetAttributeAsync("value");
            var form = context.APIRequest.CreateFormData();
            form.Set("__RequestVerificationToken", token!);
            form.Set("Book", new FilePayload { Name = "orders.csv", MimeType = "text/csv", Buffer = "id,date,item,quantity,destination\n"u8.ToArray() });
            var posted = await page.APIRequest.PostAsync("/check", new() { Multipart = form });
            Assert.Equal(403, posted.Status);
        }
    }

    [Theory, MemberData(nameof(ServerUnderTest.Kinds), MemberType = typeof(ServerUnderTest))]
    public async Task AReviewCaseSideBySideConfirmedWithAReasonAndNoButtonsForAViewer(string kind)
    {
        var (server, context, page) = await browser.SignedIn(kind, ApiRole.Viewer);
        await using (server)
        await using (context)
        {
            // A small list in the store, and a checked line whose end user is a near (not exact) match: a case.
            const string list = """
                {"list_id":"sdn","count":1,"entities":[{"id":"el-1","name":"Sugon Information Industry Co., Ltd.","country":"CN","addresses":["Beijing"],"license_requirement":"For all items subject to the EAR","license_policy":"Presumption of denial"}]}
                """;
            using (var form = new MultipartFormDataContent { { new StringContent(list), "file", "el.json" } })
            {
                var imported = await server.Client(ApiRole.Admin).PostAsync("/api/lists/import", form, TestContext.Current.CancellationToken);
                Assert.True(imported.IsSuccessStatusCode, await imported.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
            }

            var check = await (await server.Client(ApiRole.Analyst).PostJson("/api/checks", """{"item":"nvidia-h20","destination":"CN","date":"2025-06-01","endUser":"Sugon Information Industry Co Ltd","endUserHq":"CN"}""")).Json();
            var caseId = Assert.Single(check.GetProperty("reviewCases").EnumerateArray()).GetInt64();

            await page.GotoAsync("/cases");
            var section = page.GetByRole(AriaRole.Region, new() { Name = $"Case {caseId}:" });
            await Assertions.Expect(section.GetByRole(AriaRole.Heading, new() { Name = "The party as given" })).ToBeVisibleAsync();
            await Assertions.Expect(section).ToContainTextAsync("Sugon Information Industry Co., Ltd.");
            await Assertions.Expect(section).ToContainTextAsync("nvidia-h20");
            await Assertions.Expect(section.GetByRole(AriaRole.Button)).ToHaveCountAsync(0);
            await Browser.Screenshot(page, $"cases-viewer-{kind}");

            var (reviewerContext, reviewer) = await browser.SignedIn(server, ApiRole.Reviewer);
            await using (reviewerContext)
            {
                await reviewer.GotoAsync("/cases");
                await reviewer.GetByLabel("Reason (confirm)").FillAsync("same company: name and country match the Entity List entry");
                await Browser.Screenshot(reviewer, $"cases-reviewer-{kind}");
                await reviewer.GetByRole(AriaRole.Button, new() { Name = "Confirm: it is the listed party" }).ClickAsync();
                await Assertions.Expect(reviewer.GetByTestId("resolved")).ToContainTextAsync("confirmed by reviewer-key");
                await Assertions.Expect(reviewer.GetByTestId("resolved")).ToContainTextAsync("name and country match");
                await Assertions.Expect(reviewer.GetByText("No open cases.")).ToBeVisibleAsync();
            }
        }
    }

    [Theory, MemberData(nameof(ServerUnderTest.Kinds), MemberType = typeof(ServerUnderTest))]
    public async Task TheTimelineOfTheA800WithItsChart(string kind)
    {
        var (server, context, page) = await browser.SignedIn(kind, ApiRole.Viewer);
        await using (server)
        await using (context)
        {
            await page.GetByRole(AriaRole.Link, new() { Name = "Timeline", Exact = true }).ClickAsync();
            await page.GetByLabel("Item").SelectOptionAsync("nvidia-a800-sxm");
            await page.GetByRole(AriaRole.Button, new() { Name = "Show the timeline" }).ClickAsync();
            var rows = page.Locator("#timeline tbody tr");
            await Assertions.Expect(rows.Filter(new() { Has = page.Locator("th:text-is('2023-11-17')") })).ToContainTextAsync("3A090.a.1");
            Assert.True(await rows.CountAsync() >= 2);
            await Assertions.Expect(page.GetByRole(AriaRole.Img, new() { Name = "Timeline chart" })).ToBeVisibleAsync();
            await Browser.Screenshot(page, $"timeline-{kind}");
        }
    }

    [Theory, MemberData(nameof(ServerUnderTest.Kinds), MemberType = typeof(ServerUnderTest))]
    public async Task LicencesWithTheirBalancesAndTheListsLoaded(string kind)
    {
        var (server, context, page) = await browser.SignedIn(kind, ApiRole.Viewer);
        await using (server)
        await using (context)
        {
            await page.GetByRole(AriaRole.Navigation).GetByRole(AriaRole.Link, new() { Name = "Licences" }).ClickAsync();
            await Assertions.Expect(page.GetByText("No licences are held in the store.")).ToBeVisibleAsync();
            await page.GetByRole(AriaRole.Navigation).GetByRole(AriaRole.Link, new() { Name = "Lists" }).ClickAsync();
            await Assertions.Expect(page.GetByText("No lists are loaded")).ToBeVisibleAsync();

            var admin = server.Client(ApiRole.Admin);
            using (var form = new MultipartFormDataContent { { new ByteArrayContent(await File.ReadAllBytesAsync(Path.Combine(AppContext.BaseDirectory, "examples", "licenses.yaml"), TestContext.Current.CancellationToken)), "file", "licenses.yaml" } })
            {
                Assert.True((await admin.PostAsync("/api/licenses/import", form, TestContext.Current.CancellationToken)).IsSuccessStatusCode);
            }

            using (var form = new MultipartFormDataContent { { new StringContent("""{"list_id":"sdn","count":1,"entities":[{"id":"el-1","name":"Sugon Information Industry Co., Ltd.","country":"CN"}]}"""), "file", "el.json" } })
            {
                Assert.True((await admin.PostAsync("/api/lists/import", form, TestContext.Current.CancellationToken)).IsSuccessStatusCode);
            }

            await page.ReloadAsync();
            await Assertions.Expect(page.Locator("#lists tbody tr")).ToHaveCountAsync(1);
            await Assertions.Expect(page.Locator("#lists")).ToContainTextAsync("el.json");
            await Browser.Screenshot(page, $"lists-{kind}");
            await page.GetByRole(AriaRole.Navigation).GetByRole(AriaRole.Link, new() { Name = "Licences" }).ClickAsync();
            await Assertions.Expect(page.Locator("#licences tbody tr").First).ToContainTextAsync("of");
            await Browser.Screenshot(page, $"licences-{kind}");
        }
    }
}
