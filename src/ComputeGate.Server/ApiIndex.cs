using System.Text;
using System.Text.Encodings.Web;

namespace ComputeGate.Server;

/// <summary>The browsable API page (<c>/api</c>): every operation with its method, path, summary and least role; the OpenAPI document beside it.</summary>
public static class ApiIndex
{
    public static string Html(EndpointDataSource endpoints)
    {
        var html = new StringBuilder("""
            <!doctype html><html lang="en"><head><meta charset="utf-8"><title>ComputeGate API</title>
            <meta name="viewport" content="width=device-width, initial-scale=1"><style>body{font:15px/1.5 system-ui,sans-serif;max-width:70rem;margin:2rem auto;padding:0 1rem}table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:.3rem .5rem;border-bottom:1px solid #ccc;vertical-align:top}code{font-size:90%}</style></head><body>
            <h1>ComputeGate API</h1><p>Send an API key in <code>X-Api-Key</code> (or <code>Authorization: Bearer</code>). Machine-readable: <a href="/openapi/v1.json">/openapi/v1.json</a>. Errors are <code>application/problem+json</code>.</p>
            <table><thead><tr><th scope="col">Method</th><th scope="col">Path</th><th scope="col">Least role</th><th scope="col">What it does</th></tr></thead><tbody>
            """);
        foreach (var e in endpoints.Endpoints.OfType<RouteEndpoint>().Where(e => e.RoutePattern.RawText?.StartsWith("/api/", StringComparison.Ordinal) == true).OrderBy(e => e.RoutePattern.RawText, StringComparer.Ordinal))
        {
            var methods = e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? [];
            var summary = e.Metadata.GetMetadata<Microsoft.AspNetCore.Http.Metadata.IEndpointSummaryMetadata>()?.Summary ?? "";
            var role = e.Metadata.GetMetadata<Access.RoleRequirement>()?.Role.ToString().ToLowerInvariant() ?? "";
            html.Append("<tr><td>").Append(string.Join(", ", methods)).Append("</td><td><code>").Append(HtmlEncoder.Default.Encode(e.RoutePattern.RawText!))
                .Append("</code></td><td>").Append(role).Append("</td><td>").Append(HtmlEncoder.Default.Encode(summary)).Append("</td></tr>\n");
        }

        return html.Append("</tbody></table></body></html>").ToString();
    }
}
