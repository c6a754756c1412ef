using ComputeGate.Charts;
using ComputeGate.Domain.Classification;
using ComputeGate.Server.Web;
using Microsoft.AspNetCore.Mvc;

namespace ComputeGate.Server.Pages;

/// <summary>An item's timeline: every period its status was the same, the rule change that began it, and a chart of the periods.</summary>
public sealed class TimelineModel(EngineHost host) : ItemPageModel(host)
{
    public IReadOnlyList<TimelinePeriod>? Periods { get; private set; }

    public IActionResult OnGet() => Render(date: null, "Show the timeline");

    protected override string Show(Domain.Items.Item item)
    {
        Periods = Domain.Classification.Timeline.Of(Host.Reference.Classifier, item);
        return SvgChart.Render(ChartData.Timeline(item, Periods, Host.Today));
    }
}
