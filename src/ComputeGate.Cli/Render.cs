using ComputeGate.Domain.Classification;
using ComputeGate.Domain.Items;
using Spectre.Console;

namespace ComputeGate.Cli;

/// <summary>What a person sees: tables and trees (Spectre.Console). Golden-file tested.</summary>
public static class Render
{
    private static string E(string? text) => Markup.Escape(text ?? "");

    private static string Status(ClassificationResult r) => r.Status switch
    {
        ClassificationStatus.Controlled => $"[bold red]{E(r.Paragraph)}[/]",
        ClassificationStatus.NotControlled => "[green]not 3A090 / 4A090 / 4E091[/]",
        _ => $"[yellow]UNDETERMINED[/] (possible: {E(string.Join(", ", r.PossibleParagraphs.Select(p => p ?? "not controlled")))})",
    };

    public static void Classification(IAnsiConsole console, ClassificationResult r)
    {
        var grid = new Grid().AddColumn().AddColumn();
        grid.AddRow("[bold]Item[/]", E(r.Item));
        grid.AddRow("[bold]Date[/]", r.Date.ToString("yyyy-MM-dd"));
        grid.AddRow("[bold]Classification[/]", Status(r));
        if (r.ItemType is ItemType.IntegratedCircuit or ItemType.Computer)
        {
            grid.AddRow("[bold]TPP[/]", r.Tpp is { } t ? $"{Num.Format(t)} ({E(r.TppPrecision)})" : "unknown");
        }

        if (r.ItemType == ItemType.IntegratedCircuit)
        {
            grid.AddRow("[bold]Performance density[/]", r.PerformanceDensity is { } pd ? $"{Num.Format(pd)} (die area {Num.Format(r.ApplicableDieAreaMm2!.Value)} mm²)" : "unknown or not applicable");
        }

        if (r.MemoryBandwidthDensity is { } mbd)
        {
            grid.AddRow("[bold]Bandwidth density[/]", $"{Num.Format(mbd)} GB/s/mm²");
        }

        if (r.Enforcement is not null)
        {
            grid.AddRow("[bold]Enforcement[/]", $"[yellow]{E(r.Enforcement)}[/]");
        }

        grid.AddRow("[bold]Rule set[/]", E(r.RuleSet));
        console.Write(grid);
        console.WriteLine();
        Lists(console, r);
    }

    private static void Lists(IAnsiConsole console, ClassificationResult r)
    {
        Section(console, "Why", r.Reasons, "");
        Section(console, "Undetermined: which fact decides", r.Undetermined, "yellow");
        Section(console, "What would change it", r.Sensitivity, "");
        Section(console, "Citations", r.Citations, "");
        Section(console, "UNVERIFIED facts used", r.Unverified, "yellow");
        Section(console, "Notes", r.Notes, "");
    }

    private static void Section(IAnsiConsole console, string title, IReadOnlyList<string> lines, string style)
    {
        if (lines.Count == 0)
        {
            return;
        }

        var tree = new Tree($"[bold]{E(title)}[/]");
        foreach (var line in lines)
        {
            tree.AddNode(style.Length == 0 ? E(line) : $"[{style}]{E(line)}[/]");
        }

        console.Write(tree);
    }

    public static void Headroom(IAnsiConsole console, HeadroomResult h)
    {
        var r = h.Classification;
        console.MarkupLine($"[bold]{E(r.Item)}[/] on {r.Date:yyyy-MM-dd}: {Status(r)}; TPP {(r.Tpp is { } tpp ? Num.Format(tpp) : "unknown")}, PD {(r.PerformanceDensity is { } density ? Num.Format(density) : "unknown")}");
        console.MarkupLine($"Rule set: {E(r.RuleSet)}");
        if (h.Thresholds.Count > 0)
        {
            var table = new Table().AddColumns("Paragraph", "Test", "Threshold", "Item", "Headroom", "Citation");
            foreach (var t in h.Thresholds)
            {
                table.AddRow(E(t.Paragraph), E($"{t.Fact} {t.Comparison}"), Num.Format(t.Threshold), t.Value is { } v ? Num.Format(v) : "unknown", Margin(t), E(t.Citation));
            }

            console.Write(table);
        }

        foreach (var l in h.Limits)
        {
            var tree = new Tree($"[bold]To stay outside {E(l.Outside)}[/] ({(l.CurrentlyOutside ? "[green]outside now[/]" : "[red]inside now[/]")})");
            foreach (var line in l.Explanation)
            {
                tree.AddNode(E(line));
            }

            if (l.MaxDenseTopsExclusive.Count > 0)
            {
                tree.AddNode(E("Dense TOPS must stay below: " + string.Join(", ", l.MaxDenseTopsExclusive.Select(kv => $"{kv.Key} {Num.Format(kv.Value)}"))));
            }

            console.Write(tree);
        }

        Section(console, "Notes", h.Notes, "");
        Section(console, "UNVERIFIED facts used", r.Unverified, "yellow");
    }

    private static string Margin(ThresholdDistance t) => (t.Met, t.Margin) switch
    {
        (null, _) => "[yellow]unknown[/]",
        (_, null) => "",
        (true, { } m) when t.Comparison == "<" => $"[green]met, {Num.Format(m)} to spare[/]",
        (true, { } m) => $"[red]met ({Num.Format(-m)} over)[/]",
        (false, { } m) when t.Comparison == "<" => $"[red]not met ({Num.Format(-m)} over)[/]",
        (false, { } m) => $"[green]{Num.Format(m)} under[/]",
    };

    public static void Timeline(IAnsiConsole console, Item item, IReadOnlyList<TimelinePeriod> periods)
    {
        console.MarkupLine($"[bold]{E(item.Label)}[/]: status over time");
        var table = new Table().AddColumns("From", "Until", "Classification", "Rule change", "Deciding reason");
        foreach (var p in periods)
        {
            var r = p.Classification;
            var status = Status(r) + (r.Enforcement is null ? "" : " [yellow](not enforced)[/]");
            table.AddRow(
                p.From?.ToString("yyyy-MM-dd") ?? "(before)",
                p.Until?.ToString("yyyy-MM-dd") ?? "(now)",
                status,
                E(string.Join("; ", p.Causes)),
                E(r.Status == ClassificationStatus.Undetermined ? string.Join("; ", r.Undetermined) : r.Reasons.LastOrDefault()));
        }

        console.Write(table);
    }

    public static void Catalog(IAnsiConsole console, IReadOnlyList<Item> items)
    {
        var table = new Table().AddColumns("Id", "Name", "Vendor", "Type", "Unverified figures");
        foreach (var i in items)
        {
            table.AddRow(E(i.Id), E(i.Name), E(i.Vendor), E(i.Type.ToString()), i.Provenance.Unverified.Count.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        console.Write(table);
    }
}
