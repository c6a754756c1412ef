using Microsoft.AspNetCore.Html;

namespace ComputeGate.Server.Web;

/// <summary>A chart drawn by <see cref="Charts.SvgChart"/>, inlined in a page (no image request, scales with the page).</summary>
public static class InlineSvg
{
    /// <summary>The SVG element without its XML declaration, labelled for assistive technology.</summary>
    public static IHtmlContent Of(string svg, string label)
    {
        var start = svg.IndexOf("<svg", StringComparison.Ordinal);
        var element = start < 0 ? svg : svg[start..];
        // A viewBox so that the chart scales to the page's width instead of being cropped.
        var viewBox = element[..Math.Max(element.IndexOf('>'), 0)].Contains("viewBox", StringComparison.Ordinal) ? "" : $" viewBox=\"0 0 {Charts.SvgChart.Width} {Charts.SvgChart.Height}\"";
        var attributes = $"<svg role=\"img\" aria-label=\"{System.Net.WebUtility.HtmlEncode(label)}\"{viewBox} preserveAspectRatio=\"xMidYMid meet\"";
        return new HtmlString(attributes + element["<svg".Length..]);
    }
}
