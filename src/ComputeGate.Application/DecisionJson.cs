using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using ComputeGate.Domain.Law;
using ComputeGate.Domain.Licensing;

namespace ComputeGate.Application;

/// <summary>
/// One decision as a JSON object (the jsonl contract of <c>check</c>): id, line, verdict, eccn,
/// paragraph, licenseException, notificationRequired, reviewPolicy, reviewPolicyNote, license,
/// quantity, valueUsd, reasons, citations, unverified, provenance, extra; ERROR lines carry error.
/// Written with Utf8JsonWriter: a million lines must not allocate a tree each.
/// </summary>
public static class DecisionJson
{
    public static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = true };

    /// <summary>One JSON document, indented for a person (single-line and single-name outputs).</summary>
    public static string Indented(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = Options.Encoder }))
        {
            write(w);
        }

        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>
    /// Writes one line's object; the strings of reasons and citations come escaped from <paramref name="fragments"/>.
    /// Without <paramref name="withExplanation"/>, reasons, citations and unverified are left out (the decision log keeps them apart: <see cref="WriteExplanation"/>).
    /// </summary>
    public static void Write(Utf8JsonWriter w, OrderRow row, Decision? d, IReadOnlyList<string> extraColumns, FragmentCache fragments, bool withExplanation = true)
    {
        w.WriteStartObject();
        w.WriteString("id", row.Id);
        w.WriteNumber("line", row.LineNumber);
        if (d is not null)
        {
            WriteQuantity(w, d);
            WriteRuling(w, d, fragments, withExplanation);
            WriteProvenance(w, d);
        }
        else
        {
            w.WriteString("verdict", Verdict.Error.Name());
            w.WriteStartObject("error");
            w.WriteString("field", row.ErrorField);
            w.WriteString("message", row.Message);
            w.WriteEndObject();
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

    /// <summary>
    /// The body of a decision-log record: <c>{"source":{"file","line"},"input":{facts as read, or null for
    /// an ERROR line},"decision":{the jsonl object above, without its explanation}}</c>. The decision carries its
    /// provenance (rule set, list snapshot, as-of date, mode, engine); its explanation is logged apart, once
    /// for all the decisions that share it (<see cref="WriteExplanation"/>).
    /// </summary>
    public static void WriteLogBody(Utf8JsonWriter w, OrderRow row, Decision? d, IReadOnlyList<string> extraColumns, FragmentCache fragments)
    {
        w.WriteStartObject();
        w.WriteStartObject("source");
        w.WriteString("file", row.File);
        w.WriteNumber("line", row.LineNumber);
        w.WriteEndObject();
        if (row.Line is { } l)
        {
            w.WriteStartObject("input");
            w.WriteString("date", l.Date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
            w.WriteString("item", l.Item.Label);
            w.WriteBoolean("catalogItem", l.Item.Id is not null);
            w.WriteNumber("quantity", l.Quantity);
            w.WriteString("destination", l.Destination.Value);
            w.WriteString("endUser", l.EndUser);
            w.WriteString("endUserCountry", l.EndUserCountry?.Value);
            w.WriteString("endUserHq", l.EndUserHeadquarters?.Value);
            w.WriteString("exporter", l.Exporter);
            w.WriteString("consignee", l.Consignee);
            if (l.UnitValueUsd is { } v)
            {
                w.WriteNumber("unitValueUsd", v);
            }
            else
            {
                w.WriteNull("unitValueUsd");
            }

            w.WriteString("shipFrom", l.ShipFrom?.Value);
            w.WriteEndObject();
        }
        else
        {
            w.WriteNull("input");
        }

        w.WritePropertyName("decision");
        Write(w, row, d, extraColumns, fragments, withExplanation: false);
        w.WriteEndObject();
    }

    /// <summary>A decision's explanation: <c>{"reasons":[…],"citations":[…],"unverified":[…]}</c>.</summary>
    public static void WriteExplanation(Utf8JsonWriter w, Decision d, FragmentCache fragments)
    {
        w.WriteStartObject();
        WriteExplanationArrays(w, d, fragments);
        w.WriteEndObject();
    }

    private static void WriteExplanationArrays(Utf8JsonWriter w, Decision d, FragmentCache fragments)
    {
        fragments.WriteArray(w, "reasons", d.Steps.Select(s => s.Text));
        fragments.WriteArray(w, "citations", d.Citations);
        fragments.WriteArray(w, "unverified", d.Unverified);
    }

    /// <summary>
    /// Each distinct string (a reason, a citation) as JSON-escaped UTF-8, made once: decisions of one
    /// book repeat a few thousand strings millions of times (rulings share them by reference). Arrays
    /// are then assembled from these bytes. Bounded.
    /// </summary>
    public sealed class FragmentCache
    {
        // Keyed by content: rulings decided again (after their cache is emptied) bring new string objects with the same texts.
        private readonly Dictionary<string, byte[]> _strings = new(StringComparer.Ordinal);
        private readonly ArrayBufferWriter<byte> _scratch = new(1024);
        private readonly ArrayBufferWriter<byte> _array = new(8192);

        private byte[] Escaped(string s)
        {
            if (_strings.TryGetValue(s, out var bytes))
            {
                return bytes;
            }

            _scratch.ResetWrittenCount();
            using (var w = new Utf8JsonWriter(_scratch, Options))
            {
                w.WriteStringValue(s);
            }

            bytes = _scratch.WrittenSpan.ToArray();
            if (_strings.Count >= 50_000)
            {
                _strings.Clear();
            }

            _strings[s] = bytes;
            return bytes;
        }

        /// <summary>Writes <c>"name":["...","..."]</c> from the cached bytes of each string.</summary>
        public void WriteArray(Utf8JsonWriter w, string name, IEnumerable<string> values)
        {
            _array.ResetWrittenCount();
            _array.Write("["u8);
            var first = true;
            foreach (var v in values)
            {
                if (!first)
                {
                    _array.Write(","u8);
                }

                first = false;
                _array.Write(Escaped(v));
            }

            _array.Write("]"u8);
            w.WritePropertyName(name);
            w.WriteRawValue(_array.WrittenSpan, skipInputValidation: true);
        }
    }

    public static void WriteDecision(Utf8JsonWriter w, Decision d)
    {
        WriteQuantity(w, d);
        WriteRuling(w, d, null);
        WriteProvenance(w, d);
    }

    private static void WriteQuantity(Utf8JsonWriter w, Decision d)
    {
        w.WriteNumber("quantity", d.Quantity);
        if (d.ValueUsd is { } v)
        {
            w.WriteNumber("valueUsd", v);
        }
        else
        {
            w.WriteNull("valueUsd");
        }
    }

    private static void WriteRuling(Utf8JsonWriter w, Decision d, FragmentCache? fragments, bool withExplanation = true)
    {
        w.WriteString("verdict", d.Verdict.Name());
        w.WriteString("eccn", d.Eccn);
        w.WriteString("paragraph", d.Paragraph);
        w.WriteString("licenseException", d.LicenseException);
        w.WriteBoolean("notificationRequired", d.NotificationRequired);
        w.WriteString("reviewPolicy", d.ReviewPolicy?.Name());
        w.WriteString("reviewPolicyNote", d.ReviewPolicyNote);
        w.WriteString("license", d.License);
        if (fragments is not null)
        {
            if (withExplanation)
            {
                WriteExplanationArrays(w, d, fragments);
            }

            return;
        }

        w.WriteStartArray("reasons");
        foreach (var s in d.Steps)
        {
            w.WriteStringValue(s.Text);
        }

        w.WriteEndArray();
        Strings(w, "citations", d.Citations);
        Strings(w, "unverified", d.Unverified);
    }

    private static void WriteProvenance(Utf8JsonWriter w, Decision d)
    {
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
