using ComputeGate.Charts;
using ComputeGate.Domain.Charts;
using ComputeGate.Domain.Classification;
using ComputeGate.Server.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ComputeGate.Server.Pages;

/// <summary>An item's timeline: every period its status was the same, the rule change that began it, and a chart of the periods.</summary>
public sealed class TimelineModel(EngineHost host) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Item { get; set; }

    public IReadOnlyList<TimelinePeriod>? Periods { get; private set; }

    /// <summary>The status timeline as SVG.</summary>
    public string? Chart { get; private set; }

    public ItemQuery Query { get; private set; } = null!;

    public IActionResult OnGet()
    {
        string? error = null;
        if (!string.IsNullOrEmpty(Item))
        {
            if (host.Item(Item) is { } item)
            {
                Periods = Domain.Classification.Timeline.Of(host.Engine.Classifier, item);
                Chart = SvgChart.Render(ChartData.Timeline(item, Periods, host.Today));
            }
            else
            {
                error = $"'{Item}' is not in the catalog.";
                Response.StatusCode = StatusCodes.Status404NotFound;
            }
        }

        Query = new ItemQuery(host.Engine.Catalog.All(), Item, null, WithDate: false, "Show the timeline", error);
        return Page();
    }
}
