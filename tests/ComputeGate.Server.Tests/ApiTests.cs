using System.Net;
using System.Text.Json;
using ComputeGate.Store;

namespace ComputeGate.Server.Tests;

/// <summary>The API on both stores: access by key and role, strict input, idempotent checks, decisions logged and verifiable.</summary>
public sealed class ApiTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private const string H20ToChina = """{"item":"nvidia-h20","destination":"CN","date":"2025-04-20","endUser":"Example Cloud Ltd","endUserHq":"CN","exporter":"NVIDIA Corporation"}""";

    [Theory, MemberData(nameof(ServerUnderTest.Kinds), MemberType = typeof(ServerUnderTest))]
    public async Task NoKeyNoDataAndRolesAreRanked(string kind)
    {
        await using var s = await ServerUnderTest.Start(kind);
        var anonymous = await s.Client(null).GetAsync("/api/items/nvidia-h20/classification", Cancel);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Contains("X-Api-Key", (await anonymous.Json()).GetProperty("detail").GetString());

        var wrong = s.Client(null);
        wrong.DefaultRequestHeaders.Add("X-Api-Key", "cg_not-a-key");
        Assert.Equal(HttpStatusCode.Unauthorized, (await wrong.GetAsync("/api/lists", Cancel)).StatusCode);

        var bearer = s.Client(null);
        bearer.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", s.Keys[ApiRole.Viewer]);
        Assert.Equal(HttpStatusCode.OK, (await bearer.GetAsync("/api/lists", Cancel)).StatusCode);

        var viewerChecks = await s.Client(ApiRole.Viewer).PostJson("/api/checks", H20ToChina);
        Assert.Equal(HttpStatusCode.Forbidden, viewerChecks.StatusCode);
        Assert.Contains("needs analyst", (await viewerChecks.Json()).GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, (await s.Client(ApiRole.Viewer).PostJson("/api/cases/1/clear", """{"reason":"x"}""")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await s.Client(ApiRole.Analyst).PostJson("/api/cases/1/clear", """{"reason":"x"}""")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await s.Client(ApiRole.Reviewer).PostJson("/api/cases/1/clear", """{"reason":"x"}""")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await s.Client(ApiRole.Reviewer).GetAsync("/api/keys", Cancel)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await s.Client(ApiRole.Admin).PostJson("/api/checks", H20ToChina)).StatusCode);
    }

    [Theory, MemberData(nameof(ServerUnderTest.Kinds), MemberType = typeof(ServerUnderTest))]
    public async Task ClassifyHeadroomAndTimelineGiveTheCliJson(string kind)
    {
        await using var s = await ServerUnderTest.Start(kind);
        var viewer = s.Client(ApiRole.Viewer);
        var c = await (await viewer.GetAsync("/api/items/nvidia-h20/classification?date=2024-06-01", Cancel)).Json();
        Assert.Equal(("not-controlled", 2368.0), (c.GetProperty("status").GetString(), c.GetProperty("tpp").GetDouble()));
        var a800 = await (await viewer.GetAsync("/api/items/nvidia-a800-sxm/classification?date=2024-06-01", Cancel)).Json();
        Assert.Equal("3A090.a", a800.GetProperty("eccn").GetString());
        var headroom = await (await viewer.GetAsync("/api/items/nvidia-h20/headroom?date=2024-06-01", Cancel)).Json();
        Assert.NotEmpty(headroom.GetProperty("thresholds").EnumerateArray());
        var timeline = await (await viewer.GetAsync("/api/items/nvidia-a800-sxm/timeline", Cancel)).Json();
        Assert.True(timeline.GetProperty("periods").GetArrayLength() >= 2);
        var missing = await viewer.GetAsync("/api/items/no-such-chip/classification", Cancel);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("application/problem+json", missing.Content.Headers.ContentType?.MediaType);
        var badDate = await viewer.GetAsync("/api/items/nvidia-h20/classification?date=2024-13-45", Cancel);
        Assert.Equal(HttpStatusCode.BadRequest, badDate.StatusCode);
    }

    [Theory, MemberData(nameof(ServerUnderTest.Kinds), MemberType = typeof(ServerUnderTest))]
    public async Task ACheckedLineIsLoggedAndTheLogVerifies(string kind)
    {
        await using var s = await ServerUnderTest.Start(kind);
        var analyst = s.Client(ApiRole.Analyst);
        var before = await analyst.PostJson("/api/checks", """{"item":"nvidia-h20","destination":"CN","date":"2025-03-20","endUser":"Example Cloud Ltd","endUserHq":"CN","exporter":"NVIDIA Corporation"}""");
        var after = await analyst.PostJson("/api/checks", H20ToChina);
        Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        var (b, a) = (await before.Json(), await after.Json());
        Assert.Equal("NLR", b.GetProperty("verdict").GetString());
        Assert.Equal("LICENSE_REQUIRED", a.GetProperty("verdict").GetString());
        Assert.NotEmpty(a.GetProperty("citations").EnumerateArray());
        Assert.Equal("2025-04-20", a.GetProperty("provenance").GetProperty("date").GetString());

        var decisions = await (await s.Client(ApiRole.Viewer).GetAsync($"/api/decisions?batch={a.GetProperty("batchId").GetString()}", Cancel)).Json();
        Assert.Equal(2, decisions.GetArrayLength());
        Assert.Equal("LICENSE_REQUIRED", decisions[1].GetProperty("record").GetProperty("decision").GetProperty("verdict").GetString());
        Assert.Equal("CN", decisions[1].GetProperty("record").GetProperty("input").GetProperty("destination").GetString());
        var verify = await (await s.Client(ApiRole.Viewer).GetAsync("/api/audit/verify", Cancel)).Json();
        Assert.True(verify.GetProperty("ok").GetBoolean());
        Assert.Equal(2, verify.GetProperty("records").GetInt64());

        var today = DateTime.UtcNow.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var export = await (await s.Client(ApiRole.Viewer).GetAsync($"/api/decisions/export?from={today}&to={today}", Cancel)).Content.ReadAsStringAsync(Cancel);
        var lines = export.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);
        Assert.True(JsonDocument.Parse(lines[2]).RootElement.GetProperty("verification").GetProperty("ok").GetBoolean());
    }

    [Theory, MemberData(nameof(ServerUnderTest.Kinds), MemberType = typeof(ServerUnderTest))]
    public async Task AReviewLineOpensACaseAndItsResolutionIsShownWithTheDecision(string kind)
    {
        await using var s = await ServerUnderTest.Start(kind);
        var review = await (await s.Client(ApiRole.Analyst).PostJson("/api/checks",
            """{"item":"huawei-ascend-910b","destination":"DE","date":"2025-06-01","endUser":"Example Research GmbH","endUserHq":"DE","exporter":"Example Broker B.V."}""")).Json();
        Assert.Equal("REVIEW", review.GetProperty("verdict").GetString());
        var batch = review.GetProperty("batchId").GetString()!;

        var open = await (await s.Client(ApiRole.Viewer).GetAsync("/api/cases", Cancel)).Json();
        var c = Assert.Single(open.EnumerateArray());
        Assert.Equal("decision", c.GetProperty("list").GetString());
        Assert.Equal("Example Research GmbH", c.GetProperty("partyName").GetString());
        var id = c.GetProperty("id").GetInt64();

        var cleared = await s.Client(ApiRole.Reviewer).PostJson($"/api/cases/{id}/clear", """{"reason":"civil research use; no GP10 concern after inquiry"}""");
        Assert.Equal(HttpStatusCode.OK, cleared.StatusCode);

        var decisions = await (await s.Client(ApiRole.Viewer).GetAsync($"/api/decisions?batch={batch}", Cancel)).Json();
        var shown = Assert.Single(Assert.Single(decisions.EnumerateArray()).GetProperty("cases").EnumerateArray());
        Assert.Equal(("cleared", "civil research use; no GP10 concern after inquiry"), (shown.GetProperty("state").GetString(), shown.GetProperty("reason").GetString()));
        Assert.False(string.IsNullOrEmpty(shown.GetProperty("resolvedBy").GetString()));
        Assert.False(string.IsNullOrEmpty(shown.GetProperty("resolvedAt").GetString()));
    }

    [Theory, MemberData(nameof(ServerUnderTest.Kinds), MemberType = typeof(ServerUnderTest))]
    public async Task TheSameIdempotencyKeyGivesTheSameDecisionAndAnotherBody409(string kind)
    {
        await using var s = await ServerUnderTest.Start(kind);
        var analyst = s.Client(ApiRole.Analyst);
        var first = await analyst.PostJson("/api/checks", H20ToChina, ("Idempotency-Key", "order-42"));
        var again = await analyst.PostJson("/api/checks", H20ToChina, ("Idempotency-Key", "order-42"));
        Assert.Equal(await first.Content.ReadAsStringAsync(Cancel), await again.Content.ReadAsStringAsync(Cancel));
        Assert.True(again.Headers.Contains("Idempotent-Replayed"));
        var other = await analyst.PostJson("/api/checks", H20ToChina.Replace("2025-04-20", "2025-04-21", StringComparison.Ordinal), ("Idempotency-Key", "order-42"));
        Assert.Equal(HttpStatusCode.Conflict, other.StatusCode);
        Assert.Contains("another request body", (await other.Json()).GetProperty("detail").GetString());
        var verify = await (await s.Client(ApiRole.Viewer).GetAsync("/api/audit/verify", Cancel)).Json();
        Assert.Equal(1, verify.GetProperty("records").GetInt64()); // logged once
    }

    [Theory]
    [InlineData("""{"item":"nvidia-h20","destination":"CN","date":"2025-06-01","colour":"red"}""", "unknown field", "colour")]
    [InlineData("""{"item":"nvidia-h20","destination":"CN",""", "Malformed JSON", "")]
    [InlineData("""{"item":"nvidia-h20","destination":"Atlantis"}""", "Bad input", "destination: 'Atlantis'")]
    [InlineData("""{"item":"x'; DROP TABLE decision_log; --","destination":"CN"}""", "Bad input", "is not a catalog id")]
    [InlineData("""{"item":"nvidia-h20","destination":"CN","quantity":-3}""", "Bad input", "quantity")]
    [InlineData("""{"item":"nvidia-h20","destination":"CN","quantity":"3"}""", "Malformed JSON", "quantity")]
    public async Task BadRequestsGetAClear400AndChangeNothing(string body, string title, string detail)
    {
        await using var s = await ServerUnderTest.Start("sqlite");
        var r = await s.Client(ApiRole.Analyst).PostJson("/api/checks", body);
        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        var problem = await r.Json();
        Assert.Contains(title, problem.GetProperty("title").GetString() + " " + problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains(detail, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var verify = await (await s.Client(ApiRole.Viewer).GetAsync("/api/audit/verify", Cancel)).Json();
        Assert.Equal(0, verify.GetProperty("records").GetInt64());
    }

    [Fact]
    public async Task AnOversizedBodyIs413AndChangesNothing()
    {
        await using var s = await ServerUnderTest.Start("sqlite");
        var big = "{\"item\":\"nvidia-h20\",\"destination\":\"CN\",\"endUser\":\"" + new string('x', 70_000) + "\"}";
        var r = await s.Client(ApiRole.Analyst).PostJson("/api/checks", big);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, r.StatusCode);
        Assert.Contains("at most 65,536", (await r.Json()).GetProperty("detail").GetString());
        Assert.Equal(0, (await (await s.Client(ApiRole.Viewer).GetAsync("/api/audit/verify", Cancel)).Json()).GetProperty("records").GetInt64());
    }

    [Theory, MemberData(nameof(ServerUnderTest.Kinds), MemberType = typeof(ServerUnderTest))]
    public async Task AnUploadedOrderBookIsStreamedAndLoggedUnderItsBatch(string kind)
    {
        await using var s = await ServerUnderTest.Start(kind);
        using var form = new MultipartFormDataContent { { new StreamContent(File.OpenRead(Path.Combine(AppContext.BaseDirectory, "examples", "orders.csv"))), "file", "orders.csv" } };
        var r = await s.Client(ApiRole.Analyst).PostAsync("/api/checks/batch?asOf=2025-06-01", form, Cancel);
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        var lines = (await r.Content.ReadAsStringAsync(Cancel)).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        var summary = lines[^1].GetProperty("summary");
        Assert.Equal(lines.Count - 1, summary.GetProperty("lines").GetInt64());
        Assert.Contains(lines, l => l.TryGetProperty("verdict", out var v) && v.GetString() == "ERROR");
        var verify = await (await s.Client(ApiRole.Viewer).GetAsync("/api/audit/verify", Cancel)).Json();
        Assert.Equal(lines.Count - 1, verify.GetProperty("records").GetInt64());
        Assert.True(verify.GetProperty("ok").GetBoolean());
    }

    [Theory, MemberData(nameof(ServerUnderTest.Kinds), MemberType = typeof(ServerUnderTest))]
    public async Task ListsScreeningAndTheReviewQueue(string kind)
    {
        await using var s = await ServerUnderTest.Start(kind);
        Assert.Equal(HttpStatusCode.Conflict, (await s.Client(ApiRole.Analyst).PostJson("/api/screen", """{"name":"Huawei"}""")).StatusCode);
        var list = """
            {"list_id":"sdn","count":1,"entities":[{"id":"el-1","name":"Sugon Information Industry Co., Ltd.","country":"CN","license_requirement":"For all items subject to the EAR","license_policy":"Presumption of denial"}]}
            """;
        using (var form = new MultipartFormDataContent { { new StringContent(list), "file", "el.json" } })
        {
            Assert.Equal(HttpStatusCode.Forbidden, (await s.Client(ApiRole.Reviewer).PostAsync("/api/lists/import", form, Cancel)).StatusCode);
        }

        using (var form = new MultipartFormDataContent { { new StringContent(list), "file", "el.json" } })
        {
            var imported = await s.Client(ApiRole.Admin).PostAsync("/api/lists/import", form, Cancel);
            Assert.True(imported.IsSuccessStatusCode, await imported.Content.ReadAsStringAsync(Cancel));
        }

        var status = await (await s.Client(ApiRole.Viewer).GetAsync("/api/lists", Cancel)).Json();
        Assert.Equal(1, status[0].GetProperty("activeEntries").GetInt32());
        var screened = await (await s.Client(ApiRole.Analyst).PostJson("/api/screen", """{"name":"Sugon Information Industry Co Ltd","country":"CN"}""")).Json();
        Assert.Equal("HIT", screened.GetProperty("decision").GetString());

        // A possible hit (not an exact Entity List hit) on a check is a case for a reviewer; a viewer cannot clear it, a reviewer can, once.
        var check = await (await s.Client(ApiRole.Analyst).PostJson("/api/checks", """{"item":"nvidia-h20","destination":"CN","date":"2025-06-01","endUser":"Sugon Information Industry Co Ltd","endUserHq":"CN"}""")).Json();
        var caseId = Assert.Single(check.GetProperty("reviewCases").EnumerateArray()).GetInt64();
        var evidence = await (await s.Client(ApiRole.Viewer).GetAsync($"/api/cases/{caseId}", Cancel)).Json();
        Assert.Equal("Sugon Information Industry Co Ltd", evidence.GetProperty("case").GetProperty("partyName").GetString());
        Assert.Equal("el-1", evidence.GetProperty("entry").GetProperty("entryId").GetString());
        Assert.Equal("nvidia-h20", evidence.GetProperty("decision").GetProperty("input").GetProperty("item").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, (await s.Client(ApiRole.Viewer).PostJson($"/api/cases/{caseId}/clear", """{"reason":"not them"}""")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await s.Client(ApiRole.Reviewer).PostJson($"/api/cases/{caseId}/clear", """{"reason":" "}""")).StatusCode);
        var cleared = await (await s.Client(ApiRole.Reviewer).PostJson($"/api/cases/{caseId}/clear", """{"reason":"different company: address in Vietnam"}""")).Json();
        Assert.Equal(("cleared", "reviewer-key"), (cleared.GetProperty("state").GetString(), cleared.GetProperty("resolvedBy").GetString()));
        Assert.Equal(HttpStatusCode.Conflict, (await s.Client(ApiRole.Reviewer).PostJson($"/api/cases/{caseId}/confirm", """{"reason":"changed my mind"}""")).StatusCode);
        Assert.Empty((await (await s.Client(ApiRole.Viewer).GetAsync("/api/cases", Cancel)).Json()).EnumerateArray());
    }

    [Fact]
    public async Task KeysAreMadeByAdminsShownOnceAndRevoked()
    {
        await using var s = await ServerUnderTest.Start("sqlite");
        var admin = s.Client(ApiRole.Admin);
        var created = await admin.PostJson("/api/keys", """{"name":"ci","role":"viewer"}""");
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = await created.Json();
        var key = body.GetProperty("key").GetString()!;
        var client = s.Client(null);
        client.DefaultRequestHeaders.Add("X-Api-Key", key);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/lists", Cancel)).StatusCode);
        Assert.DoesNotContain(key, await (await admin.GetAsync("/api/keys", Cancel)).Content.ReadAsStringAsync(Cancel));
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.PostJson("/api/keys", """{"name":"x","role":"root"}""")).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await admin.PostJson("/api/keys", """{"name":"ci","role":"viewer"}""")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/keys/{body.GetProperty("record").GetProperty("id").GetInt64()}", Cancel)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/lists", Cancel)).StatusCode);
    }

    [Fact]
    public async Task TheOpenApiDocumentAndTheApiPageListTheOperations()
    {
        await using var s = await ServerUnderTest.Start("sqlite");
        var doc = await (await s.Client(null).GetAsync("/openapi/v1.json", Cancel)).Json();
        var paths = doc.GetProperty("paths");
        foreach (var p in new[] { "/api/checks", "/api/checks/batch", "/api/screen", "/api/lists", "/api/cases/{id}/clear", "/api/decisions/export", "/api/audit/verify", "/api/items/{id}/headroom" })
        {
            Assert.True(paths.TryGetProperty(p, out _), p);
        }

        var page = await (await s.Client(null).GetAsync("/api", Cancel)).Content.ReadAsStringAsync(Cancel);
        Assert.Contains("/api/cases/{id:long}/clear", page);
    }
}
