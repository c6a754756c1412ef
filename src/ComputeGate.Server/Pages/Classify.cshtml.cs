using ComputeGate.Charts;
using ComputeGate.Domain.Charts;
using ComputeGate.Domain.Classification;
using ComputeGate.Server.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ComputeGate.Server.Pages;

/// <summary>Classify a catalog item on a date: TPP, PD, ECCN, reasons with citations, and its headroom (table and chart).</summary>
public sealed class ClassifyModel(EngineHost host) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Item { get; set; }

    [BindProperty(SupportsGet = true)]
    public DateOnly? Date { get; set; }

    public HeadroomResult? Headroom { get; private set; }

    /// <summary>The headroom chart (TPP × PD, the 3A090 regions, the catalog's chips, this item highlighted) as SVG.</summary>
    public string? Chart { get; private set; }

    public ItemQuery Query { get; private set; } = null!;

    public IActionResult OnGet()
    {
        string? error = null;
        var date = Date ?? host.Today;
        if (!string.IsNullOrEmpty(Item))
        {
            if (host.Item(Item) is { } item)
            {
                Headroom = Domain.Classification.Headroom.Of(host.Engine.Classifier, item, date);
                Chart = SvgChart.Render(ChartData.Headroom(host.Engine.Classifier, host.Engine.Catalog.All(), date, item));
            }
            else
            {
                error = $"'{Item}' is not in the catalog.";
                Response.StatusCode = StatusCodes.Status404NotFound;
            }
        }

        if (!ModelState.IsValid)
        {
            error = "The date is not a date (YYYY-MM-DD).";
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }

        Query = new ItemQuery(host.Engine.Catalog.All(), Item, date, WithDate: true, "Classify", error);
        return Page();
    }
}
