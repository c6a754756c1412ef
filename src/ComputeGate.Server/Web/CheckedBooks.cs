using ComputeGate.Application.Checking;
using System.Collections.Concurrent;
using ComputeGate.Domain.Law;
using ComputeGate.Domain.Licensing;
using ComputeGate.Application;

namespace ComputeGate.Server.Web;

/// <summary>One decided line as the results table shows it, with its JSON line and CSV row for the download.</summary>
public sealed record CheckedLine(int Line, string Id, string? Item, string? Destination, string Verdict, string? Eccn, string? Authority, string Why, string JsonLine, string CsvRow);

/// <summary>An order book checked through the web UI: its batch in the decision log, summary and lines.</summary>
/// <param name="ExposureChart">The book's exposure by destination and verdict, drawn as SVG (the chart of <c>computegate exposure --chart</c>).</param>
public sealed record CheckedBook(string BatchId, string FileName, string CheckedBy, DateTimeOffset CheckedAt, BookSummary Summary, string CsvHeader, IReadOnlyList<CheckedLine> Lines, bool Truncated, string ExposureChart);

/// <summary>
/// The order books checked through the web UI in this process, for their results page and download: the last
/// <see cref="Kept"/> books, each up to <see cref="MaxLines"/> lines (every line is in the decision log under the
/// batch; larger books belong to the API's streamed upload or <c>computegate check</c>).
/// </summary>
public sealed class CheckedBooks
{
    /// <summary>How many books are kept (oldest forgotten first).</summary>
    public const int Kept = 16;

    /// <summary>How many lines of one book are kept for the page and the download.</summary>
    public const int MaxLines = 20_000;

    private readonly ConcurrentDictionary<string, CheckedBook> _books = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _order = new();

    public CheckedBook? Find(string batchId) => _books.GetValueOrDefault(batchId);

    /// <summary>Decides and logs an uploaded book (as the API upload does) and keeps its lines.</summary>
    public async Task<CheckedBook> Check(CheckRequests checking, TextReader csv, string fileName, DateOnly? asOf, DecisionMode mode, string who, TimeProvider clock, CancellationToken cancel)
    {
        var lines = new List<CheckedLine>();
        var fragments = new DecisionJson.FragmentCache();
        var truncated = false;
        var csvText = new StringWriter();
        var csvWriter = new DecisionCsv(csvText);
        var started = false;
        var exposure = new Domain.WhatIf.ExposureSummary();
        var (result, extra) = await checking.Book(csv, fileName, asOf, mode, (row, d) =>
        {
            // Every line counts in the exposure, also past the lines kept for the page.
            if (row.Line is { } line && d is not null)
            {
                exposure.Add(line, d);
            }
            else
            {
                exposure.AddError();
            }

            if (lines.Count >= MaxLines)
            {
                truncated = true;
                return Task.CompletedTask;
            }

            if (!started)
            {
                // The header (with the extra columns' names, known once the book is read) is written at the end.
                csvWriter.Start(Enumerable.Repeat("", row.Extra.Count).ToList());
                csvWriter.Flush();
                started = true;
            }

            csvText.GetStringBuilder().Clear();
            csvWriter.Write(row, d);
            csvWriter.Flush();
            var json = Api.ScreeningApi.Write(w => DecisionJson.Write(w, row, d, [], fragments));
            lines.Add(new CheckedLine(row.LineNumber, row.Id, row.Line?.Item.Id, row.Line?.Destination.Value, d?.Verdict.Name() ?? "ERROR", d?.Paragraph ?? d?.Eccn,
                d is null ? null : d.LicenseException ?? d.License ?? d.ReviewPolicy?.Name(), d is null ? row.Message ?? "" : d.Reasons.LastOrDefault() ?? "", json, csvText.ToString()));
            return Task.CompletedTask;
        }, cancel).ConfigureAwait(false);
        csvWriter.Dispose();
        var header = new StringWriter();
        using (var h = new DecisionCsv(header))
        {
            h.Start(extra);
            h.Flush();
        }

        var chart = Charts.SvgChart.Render(Charts.ChartData.Exposure(exposure, fileName));
        var book = new CheckedBook(result.BatchId, fileName, who, clock.GetUtcNow(), result.Summary, header.ToString(), lines, truncated, chart);
        _books[result.BatchId] = book;
        _order.Enqueue(result.BatchId);
        while (_order.Count > Kept && _order.TryDequeue(out var old))
        {
            _books.TryRemove(old, out _);
        }

        return book;
    }
}
