using System.Net.Http.Json;
using ComputeGate.Store;
using ComputeGate.Store.Database;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Npgsql;

namespace ComputeGate.Server.Tests;

/// <summary>
/// The server in process (ASP.NET Core's test server, as WebApplicationFactory uses) on a fresh store of one kind:
/// a SQLite file, or a PostgreSQL schema of its own in <c>$COMPUTEGATE_TEST_PG</c> (skipped with the reason when unset;
/// <c>.ci/run</c> sets it). Keys of every role are made up front.
/// </summary>
public sealed class ServerUnderTest : IAsyncDisposable
{
    public const string PgVariable = "COMPUTEGATE_TEST_PG";

    public static TheoryData<string> Kinds => new("sqlite", "postgresql");

    private readonly string? _dir;
    private readonly string? _schema;
    private readonly string? _pg;

    private ServerUnderTest(string location, string? dir, string? schema, string? pg, WebApplication app)
    {
        Location = location;
        _dir = dir;
        _schema = schema;
        _pg = pg;
        App = app;
    }

    public string Location { get; }
    public WebApplication App { get; }
    public Dictionary<ApiRole, string> Keys { get; } = [];

    public static string NewLocation(string kind, out string? dir, out string? schema)
    {
        dir = null;
        schema = null;
        if (kind == "sqlite")
        {
            dir = Path.Combine(Path.GetTempPath(), $"cg-server-{Guid.NewGuid():N}");
            Directory.CreateDirectory(dir);
            return Path.Combine(dir, "store.db");
        }

        var server = Environment.GetEnvironmentVariable(PgVariable);
        if (string.IsNullOrWhiteSpace(server))
        {
            Assert.Skip($"${PgVariable} is not set: the server is not tested on PostgreSQL here (.ci/run starts a server and sets it)");
        }

        schema = $"t_{Guid.NewGuid():N}";
        return new NpgsqlConnectionStringBuilder(server) { SearchPath = schema }.ConnectionString;
    }

    public static async Task<ServerUnderTest> Start(string kind, TimeProvider? clock = null, Action<WebApplicationBuilder>? configure = null)
    {
        var location = NewLocation(kind, out var dir, out var schema);
        var options = new ServerOptions { Store = location, Clock = clock ?? TimeProvider.System, MaxUploadBytes = 1024 * 1024 };
        var app = ServerApp.Build(options, configure ?? (b => b.WebHost.UseTestServer()));
        var s = new ServerUnderTest(location, dir, schema, Environment.GetEnvironmentVariable(PgVariable), app);
        await app.StartAsync(TestContext.Current.CancellationToken);
        using var store = StoreDatabase.Open(location, TimeProvider.System);
        var access = new ApiAccessStore(store, TimeProvider.System);
        foreach (var role in Enum.GetValues<ApiRole>())
        {
            s.Keys[role] = access.Create(role.ToString().ToLowerInvariant() + "-key", role).Key;
        }

        return s;
    }

    /// <summary>A client with the key of <paramref name="role"/>, or with no key.</summary>
    public HttpClient Client(ApiRole? role)
    {
        // The test server in process, or (browser tests) Kestrel on a loopback port.
        var client = App.Services.GetService(typeof(Microsoft.AspNetCore.Hosting.Server.IServer)) is TestServer
            ? App.GetTestClient()
            : new HttpClient { BaseAddress = new Uri(App.Urls.First()) };
        if (role is { } r)
        {
            client.DefaultRequestHeaders.Add("X-Api-Key", Keys[r]);
        }

        return client;
    }

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
        if (_dir is not null)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(_dir, recursive: true);
        }

        if (_schema is not null)
        {
            await using var c = new NpgsqlConnection(_pg);
            c.Open();
            c.Exec(null, $"DROP SCHEMA IF EXISTS {_schema} CASCADE");
        }
    }
}

public static class Http
{
    public static Task<HttpResponseMessage> PostJson(this HttpClient c, string url, string json, params (string Name, string Value)[] headers)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json") };
        foreach (var (n, v) in headers)
        {
            request.Headers.Add(n, v);
        }

        return c.SendAsync(request, TestContext.Current.CancellationToken);
    }

    public static async Task<System.Text.Json.JsonElement> Json(this HttpResponseMessage r) =>
        (await r.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>(TestContext.Current.CancellationToken));
}
