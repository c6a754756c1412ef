using ComputeGate.Charts;

namespace ComputeGate.Cli;

/// <summary>
/// <c>--chart FILE</c>: the chart data (<see cref="ChartData"/>) drawn as SVG, or, for a name ending in .json,
/// the data itself in the JSON contract (what a web layer would serve; what the golden tests pin).
/// </summary>
public static class ChartFile
{
    public static void Write(string path, object chart)
    {
        if (path.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
        {
            File.WriteAllText(path, JsonContract.Serialize(chart) + "\n");
            return;
        }

        SvgChart.Write(path, chart);
    }
}
