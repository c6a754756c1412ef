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

    /// <summary>One order line's decision as a tree: the verdict, then the reasons grouped by pipeline stage.</summary>
    public static void Decision(IAnsiConsole console, Domain.Licensing.OrderLine line, Domain.Licensing.Decision d)
    {
        var colour = d.Verdict switch
        {
            Domain.Licensing.Verdict.Nlr => "green",
            Domain.Licensing.Verdict.LicenseException or Domain.Licensing.Verdict.Licensed => "blue",
            Domain.Licensing.Verdict.LicenseRequired => "red",
            _ => "yellow",
        };
        var headline = d.Verdict switch
        {
            Domain.Licensing.Verdict.LicenseException => $"{Domain.Licensing.Verdicts.Name(d.Verdict)} {d.LicenseException}{(d.NotificationRequired ? " (notification required)" : "")}",
            Domain.Licensing.Verdict.LicenseRequired => $"{Domain.Licensing.Verdicts.Name(d.Verdict)}; review policy: {(d.ReviewPolicy is { } p ? Domain.Law.ReviewPolicies.Words(p) + (d.ReviewPolicyNote is { } n ? $" ({n})" : "") : d.ReviewPolicyNote ?? "not stated")}",
            Domain.Licensing.Verdict.Licensed => $"LICENSED under {d.License}",
            _ => Domain.Licensing.Verdicts.Name(d.Verdict),
        };
        var tree = new Tree($"[bold]{E(line.Item.Label)}[/] x {line.Quantity} to [bold]{E(line.Destination.Value)}[/] for {E(line.EndUser ?? "(no end user)")} by {E(line.Exporter ?? "(no exporter)")} on {d.Provenance!.Date:yyyy-MM-dd}: [bold {colour}]{E(headline)}[/]");
        foreach (var stage in d.Steps.Select(s => s.Stage).Distinct())
        {
            var node = tree.AddNode($"[bold]{E(char.ToUpperInvariant(stage[0]) + stage[1..])}[/]");
            foreach (var step in d.Steps.Where(s => s.Stage == stage))
            {
                var leaf = node.AddNode(E(step.Text));
                if (step.Citation is not null)
                {
                    leaf.AddNode($"[grey]{E(step.Citation)}[/]");
                }
            }
        }

        console.Write(tree);
        if (d.Unverified.Count > 0)
        {
            Section(console, "UNVERIFIED facts used", d.Unverified, "yellow");
        }

        var pv = d.Provenance;
        console.MarkupLine($"[grey]Rule set {E(pv.RuleSet)}; list {E(pv.ListSnapshot)}; {(pv.Mode == Domain.Licensing.DecisionMode.AsWritten ? "AI Diffusion as written" : "as enforced")}; {E(pv.Engine)}.[/]");
    }
}
