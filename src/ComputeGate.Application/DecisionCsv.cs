using System.Globalization;
using ComputeGate.Domain.Law;
using ComputeGate.Domain.Licensing;
using CsvHelper;

namespace ComputeGate.Application;

/// <summary>
/// Decided order lines as CSV (<c>check --format csv</c> and the web UI's download): one row per line with the
/// verdict, its authority, reasons, citations and provenance, then the extra columns of the book as given.
/// </summary>
public sealed class DecisionCsv(TextWriter writer) : IDisposable
{
    public static readonly string[] Columns =
        ["id", "line", "verdict", "eccn", "paragraph", "license_exception", "notification_required", "review_policy", "review_policy_note", "license", "quantity", "value_usd", "date", "mode", "reasons", "citations", "unverified", "rule_set", "list_snapshot"];

    private CsvWriter? _csv;

    /// <summary>Writes the header: <see cref="Columns"/>, then <paramref name="extraColumns"/>.</summary>
    public void Start(IReadOnlyList<string> extraColumns)
    {
        _csv = CsvWriter.Create(writer, new CsvWriterOptions { NewLine = "\n" }, leaveOpen: true);
        _csv.WriteHeader([.. Columns, .. extraColumns]);
    }

    public void Write(OrderRow row, Decision? d)
    {
        var csv = _csv ?? throw new InvalidOperationException("Start first");
        csv.WriteField(row.Id);
        csv.WriteField(row.LineNumber.ToString(CultureInfo.InvariantCulture));
        csv.WriteField(d?.Verdict.Name() ?? "ERROR");
        csv.WriteField(d?.Eccn ?? "");
        csv.WriteField(d?.Paragraph ?? "");
        csv.WriteField(d?.LicenseException ?? "");
        csv.WriteField(d is null ? "" : d.NotificationRequired ? "true" : "false");
        csv.WriteField(d?.ReviewPolicy?.Name() ?? "");
        csv.WriteField(d?.ReviewPolicyNote ?? "");
        csv.WriteField(d?.License ?? "");
        csv.WriteField(d?.Quantity.ToString(CultureInfo.InvariantCulture) ?? "");
        csv.WriteField(d?.ValueUsd?.ToString(CultureInfo.InvariantCulture) ?? "");
        csv.WriteField(d?.Provenance?.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "");
        csv.WriteField(d?.Provenance is { } p ? (p.Mode == DecisionMode.AsWritten ? "as-written" : "as-enforced") : "");
        csv.WriteField(d is null ? row.Message : string.Join(" | ", d.Reasons));
        csv.WriteField(d is null ? "" : string.Join(" | ", d.Citations));
        csv.WriteField(d is null ? "" : string.Join(" | ", d.Unverified));
        csv.WriteField(d?.Provenance?.RuleSet ?? "");
        csv.WriteField(d?.Provenance?.ListSnapshot ?? "");
        foreach (var x in row.Extra)
        {
            csv.WriteField(x);
        }

        csv.EndRecord();
    }

    /// <summary>Flushes what is written to the underlying writer (which stays open).</summary>
    public void Flush()
    {
        _csv?.Flush();
        writer.Flush();
    }

    public void Dispose()
    {
        _csv?.Flush();
        _csv?.Dispose();
        _csv = null;
    }
}
