using System.Globalization;
using ComputeGate.Application.Checking;
using ComputeGate.Store;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ComputeGate.Server.Api;

/// <summary>/api/licenses: the licences held, with drawdown; import a licence file.</summary>
public static class LicensesApi
{
    public sealed record LicenseView(string Number, string Holder, IReadOnlyList<string> Items, IReadOnlyList<string> Eccns, IReadOnlyList<string> Destinations, IReadOnlyList<string> EndUsers,
        int? QuantityLimit, decimal? ValueLimitUsd, string ValidFrom, string ValidUntil, long QuantityUsed, decimal ValueUsedUsd, int? QuantityLeft, decimal? ValueLeftUsd);

    public static RouteGroupBuilder MapLicenses(this RouteGroupBuilder api)
    {
        var licenses = api.MapGroup("/licenses").WithTags("Licences").RequireRole(ApiRole.Viewer);
        licenses.MapGet("/", (EngineHost host) => TypedResults.Ok(Licenses(host)))
            .WithSummary("The licences held in the store and what is left of each");
        licenses.MapPost("/import", async Task<Results<Ok<LicenseImportAudit>, ProblemHttpResult>> (HttpContext http, EngineHost host) =>
            {
                var (name, text) = await ChecksApi.Upload(http).ConfigureAwait(false);
                string content;
                using (text)
                {
                    content = await text.ReadToEndAsync(http.RequestAborted).ConfigureAwait(false);
                }

                var result = new ImportLicences(host.Store, host.Reference).Run(new ImportLicences.Command(name, content, AllOrNothing: true));
                return result.Audit is { } audit
                    ? TypedResults.Ok(audit)
                    : Problems.BadInput(string.Join("; ", result.Read.Errors.Select(e => e.Message)) + " (nothing was imported)");
            })
            .RequireRole(ApiRole.Admin).DisableAntiforgery().WithMetadata(AcceptsUpload.Instance).Accepts<IFormFile>("multipart/form-data")
            .WithSummary("Import a licence file (YAML or CSV): a known number gets the new terms and keeps what was drawn");
        return api;
    }

    public static List<LicenseView> Licenses(EngineHost host) => host.Store.Licenses.List().Select(s =>
    {
        var l = s.License;
        var left = s.Left;
        return new LicenseView(l.Number, l.Holder, l.Items, l.Eccns, l.Destinations.Select(d => d.Value).ToList(), l.EndUsers, l.QuantityLimit, l.ValueLimitUsd,
            l.ValidFrom.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), l.ValidUntil.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), s.QuantityUsed, s.ValueUsedUsd, left.Quantity, left.Value);
    }).ToList();
}
