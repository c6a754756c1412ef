using System.Text.Encodings.Web;
using System.Text.Json;
using ComputeGate.Domain.Licensing;
using ComputeGate.Law;

namespace ComputeGate.Cli;

/// <summary>
/// One decision as a JSON object (the jsonl contract of <c>check</c>): id, line, verdict, eccn,
/// paragraph, licenseException, notificationRequired, reviewPolicy, reviewPolicyNote, license,
/// quantity, valueUsd, reasons, citations, unverified, provenance, extra; ERROR lines carry error.
/// Written with Utf8JsonWriter: a million lines must not allocate a tree each.
/// </summary>
public static class DecisionJson
{
    public static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = true };

    public static void Write(Utf8JsonWriter w, OrderRow row, Decision? d, IReadOnlyList<string> extraColumns)
    {
        w.WriteStartObject();
        w.WriteString("id", row.Id);
        w.WriteNumber("line", row.LineNumber);
        if (d is null)
        {
            w.WriteString("verdict", Verdict.Error.Name());
            w.WriteStartObject("error");
            w.WriteString("field", row.ErrorField);
            w.WriteString("message", row.Message);
            w.WriteEndObject();
        }
        else
        {
            WriteDecision(w, d);
        }

        if (extraColumns.Count > 0)
        {
            w.WriteStartObject("extra");
            for (var i = 0; i < extraColumns.Count; i++)
            {
                w.WriteString(extraColumns[i], row.Extra[i]);
            }

            w.WriteEndObject();
        }

        w.WriteEndObject();
    }

    public static void WriteDecision(Utf8JsonWriter w, Decision d)
    {
        w.WriteString("verdict", d.Verdict.Name());
        w.WriteString("eccn", d.Eccn);
        w.WriteString("paragraph", d.Paragraph);
        w.WriteString("licenseException", d.LicenseException);
        w.WriteBoolean("notificationRequired", d.NotificationRequired);
        w.WriteString("reviewPolicy", d.ReviewPolicy?.Name());
        w.WriteString("reviewPolicyNote", d.ReviewPolicyNote);
        w.WriteString("license", d.License);
        w.WriteNumber("quantity", d.Quantity);
        if (d.ValueUsd is { } v)
        {
            w.WriteNumber("valueUsd", v);
        }
        else
        {
            w.WriteNull("valueUsd");
        }

        w.WriteStartArray("reasons");
        foreach (var s in d.Steps)
        {
            w.WriteStringValue(s.Text);
        }

        w.WriteEndArray();
        Strings(w, "citations", d.Citations);
        Strings(w, "unverified", d.Unverified);
        if (d.Provenance is { } p)
        {
            w.WriteStartObject("provenance");
            w.WriteString("ruleSet", p.RuleSet);
            w.WriteString("listSnapshot", p.ListSnapshot);
            w.WriteString("date", p.Date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
            w.WriteString("mode", p.Mode == DecisionMode.AsWritten ? "as-written" : "as-enforced");
            w.WriteString("engine", p.Engine);
            w.WriteEndObject();
        }
    }

    private static void Strings(Utf8JsonWriter w, string name, IReadOnlyList<string> values)
    {
        w.WriteStartArray(name);
        foreach (var s in values)
        {
            w.WriteStringValue(s);
        }

        w.WriteEndArray();
    }
}
