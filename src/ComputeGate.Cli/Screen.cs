using ComputeGate.Domain;
using System.Buffers;
using System.Globalization;
using System.Text.Json;
using ComputeGate.Application.Screening;
using ComputeGate.Domain.Screening;
using CsvHelper;
using Spectre.Console;

namespace ComputeGate.Cli;

/// <summary>
/// <c>computegate screen</c>: names against the restricted-party lists loaded in the store, through an
/// immutable in-memory index (built once per run). One name (<c>--name</c>) or a CSV of names (columns
/// <c>id,name</c> and optional <c>country</c>); per name a decision (HIT when a match reaches the
/// threshold, else CLEAR) and the matches, best first, each explained feature by feature.
/// </summary>
public sealed class Screen(TextWriter output, TextWriter error, IAnsiConsole console)
{
    public int One(ScreeningIndex index, string name, string? country, double threshold, bool json)
    {
        var result = new ScreenName(index, threshold).One(new ScreenName.Command("cli", name, country));
        if (json)
        {
            output.WriteLine(DecisionJson.Indented(w => ScreeningJson.Write(w, result)));
            return App.Ok;
        }

        var decision = result.Decision == "HIT" ? "[bold red]HIT[/]" : "[green]CLEAR[/]";
        var tree = new Tree($"{Markup.Escape(name)}{(country is null ? "" : $" ({Markup.Escape(country)})")}: {decision} (threshold {threshold.ToString("0.00", CultureInfo.InvariantCulture)})");
        foreach (var m in result.Matches)
        {
            var node = tree.AddNode($"{m.Score.ToString("0.000", CultureInfo.InvariantCulture)} {Markup.Escape(m.List)} {Markup.Escape(m.EntryId)}: [bold]{Markup.Escape(m.ListedName)}[/]{(m.MatchedName == m.ListedName ? "" : $" (as {Markup.Escape(m.MatchedName)})")}");
            foreach (var f in m.Explanation)
            {
                node.AddNode(Markup.Escape(f.Text));
            }
        }

        if (result.Matches.Count == 0)
        {
            tree.AddNode("no candidate near the threshold");
        }

        console.Write(tree);
        return App.Ok;
    }

    /// <summary>A CSV of names (id, name, optional country), one decision per name, as jsonl or a table.</summary>
    public int Batch(ScreeningIndex index, string file, string format, double threshold)
    {
        if (!File.Exists(file))
        {
            throw new InputException(file, null, null, "no such file");
        }

        if (format is not ("jsonl" or "table"))
        {
            throw new InputException("--format", null, null, $"'{format}' is not a format (table, jsonl)");
        }

        using var csv = CsvReader.Create(File.OpenText(file), new CsvReaderOptions { HasHeader = true, TrimWhitespace = true, TrackLineNumbers = true, FormatProvider = CultureInfo.InvariantCulture }, leaveOpen: false);
        if (!csv.Read())
        {
            return App.Ok;
        }

        if (!csv.TryGetFieldIndex("name", out var nameIdx) || !csv.TryGetFieldIndex("id", out var idIdx))
        {
            throw new InputException(file, "name", 1, "required columns: id, name (and optional country)");
        }

        var countryIdx = csv.TryGetFieldIndex("country", out var ci) ? ci : -1;
        var buffer = new ArrayBufferWriter<byte>(1 << 16);
        using var w = new Utf8JsonWriter(buffer, DecisionJson.Options);
        var table = new Table().AddColumn("Id").AddColumn("Name").AddColumn("Decision").AddColumn("Best match").AddColumn(new TableColumn("Score").RightAligned());
        var hits = 0;
        var total = 0;

        // Names are read in chunks; each chunk is screened on every core (the index is immutable and
        // thread-safe) and written in file order.
        const int ChunkSize = 1024;
        var screen = new ScreenName(index, threshold);
        var chunk = new List<(string Id, string Name, string? Country)>(ChunkSize);
        void Flush()
        {
            var results = chunk.AsParallel().AsOrdered().Select(x => screen.InBatch(new ScreenName.Command(x.Id, x.Name, x.Country))).ToList();
            chunk.Clear();
            foreach (var result in results)
            {
                hits += result.Decision == "HIT" ? 1 : 0;
                if (format == "jsonl")
                {
                    ScreeningJson.Write(w, result);
                    w.Flush();
                    w.Reset();
                    buffer.Write("\n"u8);
                    if (buffer.WrittenCount > 1 << 16)
                    {
                        output.Write(System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan));
                        buffer.ResetWrittenCount();
                    }
                }
                else
                {
                    var best = result.Matches.FirstOrDefault();
                    table.AddRow(Markup.Escape(result.Id), Markup.Escape(result.Name), result.Decision == "HIT" ? "[red]HIT[/]" : "[green]CLEAR[/]",
                        Markup.Escape(best is null ? "" : $"{best.List} {best.ListedName}"), best?.Score.ToString("0.000", CultureInfo.InvariantCulture) ?? "");
                }
            }
        }

        do
        {
            total++;
            var id = csv.GetString(idIdx);
            var name = csv.GetString(nameIdx);
            var country = countryIdx >= 0 && countryIdx < csv.FieldCount && csv.GetString(countryIdx) is { Length: > 0 } c ? c : null;
            if (name.Length == 0)
            {
                error.WriteLine($"warning: {file}:{csv.LineNumber}: name: is empty (row skipped)");
                total--;
                continue;
            }

            chunk.Add((id, name, country));
            if (chunk.Count == ChunkSize)
            {
                Flush();
            }
        }
        while (csv.Read());

        Flush();

        if (format == "jsonl")
        {
            output.Write(System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan));
            error.WriteLine($"{total:N0} names screened: {hits:N0} HIT, {total - hits:N0} CLEAR (threshold {threshold.ToString("0.00", CultureInfo.InvariantCulture)}).");
        }
        else
        {
            console.Write(table);
            console.MarkupLine($"{total:N0} names screened: {hits:N0} HIT, {total - hits:N0} CLEAR (threshold {threshold.ToString("0.00", CultureInfo.InvariantCulture)}).");
        }

        return App.Ok;
    }
}
