using ScottPlot;

namespace ComputeGate.Charts;

/// <summary>
/// Draws the chart data of <see cref="ChartData"/> with ScottPlot and returns SVG. Drawing only: every
/// number and label comes from the data (golden tests check the data, not the pixels).
/// </summary>
public static class SvgChart
{
    public const int Width = 1000;
    public const int Height = 560;

    private static readonly Dictionary<string, Color> StatusColours = new(StringComparer.Ordinal)
    {
        ["NLR"] = Color.FromHex("#4caf50"),
        ["LICENSE_EXCEPTION"] = Color.FromHex("#2196f3"),
        ["LICENSED"] = Color.FromHex("#9c27b0"),
        ["LICENSE_REQUIRED"] = Color.FromHex("#e53935"),
        ["REVIEW"] = Color.FromHex("#ffb300"),
        ["newly blocked"] = Color.FromHex("#e53935"),
        ["released"] = Color.FromHex("#4caf50"),
        ["3A090.a.1"] = Color.FromHex("#e53935"),
        ["3A090.a.2"] = Color.FromHex("#fb8c00"),
        ["3A090.b.1"] = Color.FromHex("#fdd835"),
        ["3A090.b.2"] = Color.FromHex("#c0ca33"),
    };

    private static Color ColourOf(string name, int index) =>
        StatusColours.TryGetValue(name, out var c) ? c
        : name.StartsWith("not controlled", StringComparison.Ordinal) ? Color.FromHex("#9e9e9e")
        : name.StartsWith("undetermined", StringComparison.Ordinal) ? Color.FromHex("#ffb300")
        : StatusColours.FirstOrDefault(kv => name.StartsWith(kv.Key, StringComparison.Ordinal)).Value is { } prefixed && prefixed != default ? prefixed
        : new ScottPlot.Palettes.Category10().GetColor(index);

    /// <summary>The SVG of a bar chart.</summary>
    public static string Render(BarChart chart) => Plot(chart).GetSvgXml(Width, Height);

    /// <summary>The SVG of a timeline.</summary>
    public static string Render(TimelineChart chart) => Plot(chart).GetSvgXml(Width, Height);

    /// <summary>The SVG of a headroom chart.</summary>
    public static string Render(HeadroomChart chart) => Plot(chart).GetSvgXml(Width, Height);

    /// <summary>Stacked bars, a legend of the series, the notes under the title (a ScottPlot plot: other formats can be saved from it).</summary>
    public static Plot Plot(BarChart chart)
    {
        var plot = new ScottPlot.Plot();
        var bars = new List<Bar>();
        for (var i = 0; i < chart.Categories.Count; i++)
        {
            var bottom = 0.0;
            foreach (var (series, s) in chart.Series.Select((s, k) => (s, k)))
            {
                var value = (double)series.Values[i];
                bars.Add(new Bar { Position = i, ValueBase = bottom, Value = bottom + value, FillColor = ColourOf(series.Name, s) });
                bottom += value;
            }
        }

        plot.Add.Bars(bars);
        plot.Axes.Bottom.SetTicks(Enumerable.Range(0, chart.Categories.Count).Select(i => (double)i).ToArray(), chart.Categories.ToArray());
        plot.Axes.Margins(bottom: 0);
        plot.YLabel(chart.ValueAxis);
        plot.Legend.IsVisible = true;
        foreach (var (series, s) in chart.Series.Select((s, k) => (s, k)))
        {
            plot.Legend.ManualItems.Add(new LegendItem { LabelText = series.Name, FillColor = ColourOf(series.Name, s) });
        }

        return Finish(plot, chart.Title, chart.Notes);
    }

    /// <summary>One band per period on a date axis, coloured by status and labelled with it.</summary>
    public static Plot Plot(TimelineChart chart)
    {
        var plot = new ScottPlot.Plot();
        foreach (var (segment, i) in chart.Segments.Select((s, k) => (s, k)))
        {
            var left = segment.From.ToDateTime(TimeOnly.MinValue).ToOADate();
            var right = segment.Until.ToDateTime(TimeOnly.MinValue).ToOADate();
            var band = plot.Add.Rectangle(left, right, 0, 1);
            band.FillColor = ColourOf(segment.Status, i).WithAlpha(0.6);
            band.LineColor = Colors.White;
            var label = plot.Add.Text($"{segment.From:yyyy-MM-dd}\n{segment.Status}", left, 0.5 + (i % 2 == 0 ? 0.2 : -0.2));
            label.LabelFontSize = 11;
        }

        plot.Axes.DateTimeTicksBottom();
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericManual();
        plot.Axes.SetLimitsY(0, 1);
        return Finish(plot, chart.Title, chart.Notes);
    }

    /// <summary>The paragraph regions as translucent rectangles, the catalog ICs as labelled points (the highlighted one larger).</summary>
    public static Plot Plot(HeadroomChart chart)
    {
        var plot = new ScottPlot.Plot();
        var maxTpp = (double)chart.Chips.Select(c => c.Tpp).DefaultIfEmpty(5000m).Max() * 1.08;
        var maxPd = (double)chart.Chips.Select(c => c.Pd).DefaultIfEmpty(8m).Max() * 1.1;
        foreach (var (region, i) in chart.Regions.Select((r, k) => (r, k)))
        {
            var area = plot.Add.Rectangle((double)region.TppFrom, (double?)region.TppBelow ?? maxTpp, (double)region.PdFrom, (double?)region.PdBelow ?? maxPd);
            area.FillColor = ColourOf(region.Paragraph, i).WithAlpha(0.25);
            area.LineColor = ColourOf(region.Paragraph, i);
            area.LegendText = region.Paragraph;
        }

        foreach (var chip in chart.Chips)
        {
            var marker = plot.Add.Marker((double)chip.Tpp, (double)chip.Pd);
            marker.Size = chip.Highlighted ? 14 : 7;
            marker.Color = chip.Highlighted ? Colors.Black : Colors.DarkSlateGray;
            var label = plot.Add.Text(chip.Item, (double)chip.Tpp, (double)chip.Pd);
            label.LabelFontSize = chip.Highlighted ? 13 : 9;
            label.LabelBold = chip.Highlighted;
        }

        plot.XLabel("TPP (total processing performance)");
        plot.YLabel("performance density (TPP / mm²)");
        plot.Axes.SetLimits(0, maxTpp, 0, maxPd);
        plot.Legend.IsVisible = chart.Regions.Count > 0;
        return Finish(plot, chart.Title, chart.NotPlaced.Count == 0 ? chart.Notes : [.. chart.Notes, $"not placed: {string.Join(", ", chart.NotPlaced.Select(n => n.Split(':')[0]))}"]);
    }

    /// <summary>Writes the SVG of any chart data to a file.</summary>
    public static void Write(string path, object chart) => File.WriteAllText(path, chart switch
    {
        BarChart b => Render(b),
        TimelineChart t => Render(t),
        HeadroomChart h => Render(h),
        _ => throw new ArgumentException($"no renderer for {chart.GetType().Name}", nameof(chart)),
    });

    private static ScottPlot.Plot Finish(ScottPlot.Plot plot, string title, IReadOnlyList<string> notes)
    {
        plot.Title(notes.Count == 0 ? title : $"{title}\n{string.Join("\n", notes.Take(4))}");
        return plot;
    }
}
