using ComputeGate.Charts;
using ComputeGate.Domain.Classification;
using ComputeGate.Server.Web;
using Microsoft.AspNetCore.Mvc;

namespace ComputeGate.Server.Pages;

/// <summary>Classify a catalog item on a date: TPP, PD, ECCN, reasons with citations, and its headroom (table and chart).</summary>
public sealed class ClassifyModel(EngineHost host) : ItemPageModel(host)
{
    [BindProperty(SupportsGet = true)]
    public DateOnly? Date { get; set; }

    public HeadroomResult? Headroom { get; private set; }

    private DateOnly ShownDate => Date ?? Host.Today;

    public IActionResult OnGet()
    {
        // The headroom chart: TPP × PD, the 3A090 regions, the catalog's chips, this item highlighted.
        if (!ModelState.IsValid)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Render(ShownDate, "Classify", "The date is not a date (YYYY-MM-DD).");
        }

        return Render(ShownDate, "Classify");
    }

    protected override string Show(Domain.Items.Item item)
    {
        Headroom = Domain.Classification.Headroom.Of(Host.Reference.Classifier, item, ShownDate);
        return SvgChart.Render(ChartData.Headroom(Host.Reference.Classifier, Host.Reference.Catalog.All(), ShownDate, item));
    }
}
