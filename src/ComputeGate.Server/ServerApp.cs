using System.Text.Json.Serialization;
using ComputeGate.Application;
using ComputeGate.Server.Access;
using ComputeGate.Server.Api;
using ComputeGate.Store;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http.Features;

namespace ComputeGate.Server;

/// <summary>Endpoint metadata: the endpoint takes a file upload, up to <see cref="ServerOptions.MaxUploadBytes"/> (others: <see cref="ServerOptions.MaxJsonBytes"/>).</summary>
public sealed class AcceptsUpload
{
    public static readonly AcceptsUpload Instance = new();
}

/// <summary>
/// <c>computegate serve</c>: the API under <c>/api</c> (OpenAPI document at <c>/openapi/v1.json</c>, a browsable list of
/// operations at <c>/api</c>) and the web UI, in one process, on one store.
/// </summary>
public static class ServerApp
{
    /// <summary>The UI's sign-in cookie scheme.</summary>
    public const string CookieScheme = CookieAuthenticationDefaults.AuthenticationScheme;

    /// <summary>Builds the application; <paramref name="configure"/> may adjust the builder (tests: a test server).</summary>
    public static WebApplication Build(ServerOptions options, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(ServerApp).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
            Args = [],
        });
        builder.WebHost.UseUrls(options.Urls);
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Limits.MaxRequestBodySize = Math.Max(options.MaxJsonBytes, options.MaxUploadBytes);
            k.AddServerHeader = false;
        });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.AspNetCore.Diagnostics.ExceptionHandlerMiddleware", LogLevel.None);
        // The UI cookie's keys are kept unencrypted in the user's profile (no machine key store here).
        builder.Logging.AddFilter("Microsoft.AspNetCore.DataProtection", LogLevel.Error);
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton<EngineHost>();
        // The server's one-line checks form one batch per process, logged with group commit.
        builder.Services.AddSingleton(sp => new Application.Checking.GroupCommitLog(sp.GetRequiredService<EngineHost>().Store, "api-" + Application.DecisionRecorder.NewBatchId(options.Clock)));
        builder.Services.AddSingleton<CheckRequests>();
        builder.Services.AddSingleton<ApiKeyCache>();
        builder.Services.AddSingleton<Web.CheckedBooks>();
        builder.Services.Configure<FormOptions>(f => f.MultipartBodyLengthLimit = options.MaxUploadBytes);
        builder.Services.ConfigureHttpJsonOptions(j =>
        {
            JsonContract.Configure(j.SerializerOptions);
            j.SerializerOptions.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
            j.SerializerOptions.NumberHandling = JsonNumberHandling.Strict;
        });
        // Binding failures (malformed JSON, unknown fields) reach the exception handler, which names the problem.
        builder.Services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        builder.Services.AddProblemDetails();
        builder.Services.AddExceptionHandler<Problems.Handler>();
        builder.Services.AddOpenApi();
        builder.Services.AddAuthentication(a => a.DefaultScheme = ApiKeyAuthentication.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthentication>(ApiKeyAuthentication.SchemeName, null)
            .AddCookie(CookieScheme, c =>
            {
                c.LoginPath = "/signin";
                c.Cookie.Name = "computegate";
                c.Cookie.HttpOnly = true;
                c.Cookie.SameSite = SameSiteMode.Strict;
                c.ExpireTimeSpan = TimeSpan.FromHours(8);
                // A revoked key ends its sessions at their next request.
                c.Events.OnValidatePrincipal = Web.WebUser.Validate;
            });
        // The pages' policy: a signed-in session (the API's endpoints name their own, by key).
        builder.Services.AddAuthorization(a => a.DefaultPolicy = new Microsoft.AspNetCore.Authorization.AuthorizationPolicyBuilder(CookieScheme).RequireAuthenticatedUser().Build());
        builder.Services.AddSingleton<Microsoft.AspNetCore.Authorization.IAuthorizationHandler, RoleHandler>();
        builder.Services.AddRazorPages(p => p.Conventions.AuthorizeFolder("/").AllowAnonymousToPage("/SignIn"));
        configure?.Invoke(builder);

        var app = builder.Build();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseRouting();
        app.Use(LimitBody);
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery();

        var api = app.MapGroup("/api");
        api.MapItems();
        api.MapChecks();
        api.MapScreening();
        api.MapLicenses();
        api.MapCases();
        api.MapDecisions();
        api.MapKeys();
        app.MapOpenApi();
        app.MapGet("/api", (Microsoft.AspNetCore.Routing.EndpointDataSource endpoints) => TypedResults.Content(ApiIndex.Html(endpoints), "text/html; charset=utf-8"))
            .ExcludeFromDescription().AllowAnonymous();
        app.MapRazorPages();
        return app;
    }

    /// <summary>Runs the server until stopped (Ctrl+C); prints where it listens.</summary>
    public static int Run(ServerOptions options, TextWriter output)
    {
        using var app = Build(options);
        var writer = app.Services.GetRequiredService<Application.Checking.GroupCommitLog>();
        app.Lifetime.ApplicationStarted.Register(() =>
            output.WriteLine($"computegate serve: {options.Urls} (store {app.Services.GetRequiredService<EngineHost>().Store.Location}; one-line checks logged under batch {writer.BatchId}). Ctrl+C stops."));
        app.Run();
        return 0;
    }

    /// <summary>The least role of an endpoint or group: API key or UI cookie, 401 without, 403 below.</summary>
    public static TBuilder RequireRole<TBuilder>(this TBuilder builder, ApiRole role) where TBuilder : IEndpointConventionBuilder =>
        builder.RequireAuthorization(p => p.AddAuthenticationSchemes(ApiKeyAuthentication.SchemeName).AddRequirements(new RoleRequirement(role))).WithMetadata(new RoleRequirement(role));

    /// <summary>JSON bodies up to <see cref="ServerOptions.MaxJsonBytes"/>, uploads up to <see cref="ServerOptions.MaxUploadBytes"/>: larger is 413 before anything is read.</summary>
    private static Task LimitBody(HttpContext context, Func<Task> next)
    {
        var options = context.RequestServices.GetRequiredService<ServerOptions>();
        var limit = context.GetEndpoint()?.Metadata.GetMetadata<AcceptsUpload>() is null ? options.MaxJsonBytes : options.MaxUploadBytes;
        if (context.Request.ContentLength > limit)
        {
            return Problems.Write(context, StatusCodes.Status413PayloadTooLarge, "Body too large", $"the body is {context.Request.ContentLength:N0} bytes; this endpoint takes at most {limit:N0}");
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
        {
            feature.MaxRequestBodySize = limit;
        }

        return next();
    }
}
