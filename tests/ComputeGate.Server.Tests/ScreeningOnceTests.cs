using System.Net;
using ComputeGate.Store;
using Microsoft.Extensions.DependencyInjection;

namespace ComputeGate.Server.Tests;

/// <summary>
/// The server screens each party of a line once: deciding the line, logging it and raising its review cases all use
/// that one screening (before the use cases, the cases were found by screening the line a second time).
/// </summary>
public class ScreeningOnceTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Theory, MemberData(nameof(ServerUnderTest.Kinds), MemberType = typeof(ServerUnderTest))]
    public async Task ACheckedLineScreensEachPartyOnce(string kind)
    {
        await using var s = await ServerUnderTest.Start(kind);
        var list = """{"list_id":"sdn","count":1,"entities":[{"id":"el-1","name":"Sugon Information Industry Co., Ltd.","country":"CN"}]}""";
        using (var form = new MultipartFormDataContent { { new StringContent(list), "file", "el.json" } })
        {
            var imported = await s.Client(ApiRole.Admin).PostAsync("/api/lists/import", form, Cancel);
            Assert.True(imported.IsSuccessStatusCode, await imported.Content.ReadAsStringAsync(Cancel));
        }

        var screen = s.App.Services.GetRequiredService<EngineHost>().Current.Screen!;
        var before = screen.Screenings;
        var check = await s.Client(ApiRole.Analyst).PostJson("/api/checks",
            """{"item":"nvidia-h20","destination":"CN","date":"2025-06-01","endUser":"Sugon Information Industry Co Ltd","endUserHq":"CN","consignee":"Acme Logistics GmbH"}""");
        Assert.Equal(HttpStatusCode.OK, check.StatusCode);
        var body = await check.Json();
        Assert.Single(body.GetProperty("reviewCases").EnumerateArray());
        Assert.Equal(2, screen.Screenings - before);
    }
}
