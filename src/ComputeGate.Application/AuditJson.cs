using System.Buffers;
using System.Globalization;
using System.Text.Json;
using ComputeGate.Store;

namespace ComputeGate.Application;

/// <summary>
/// The decision log for a regulator (15 CFR 762), as <c>audit export</c> and the API write it: one JSON line per
/// record (seq, batchId, lineNo, lineId, recordedAt, prevHash, hash, texts, record, explanation), then a
/// line with the verification of the whole chain.
/// </summary>
public static class AuditJson
{
    /// <summary>Verifies the chain, writes the records of the days <paramref name="from"/> to <paramref name="to"/> (UTC, inclusive) and the verification line to <paramref name="write"/> in blocks; returns the verification.</summary>
    public static ChainVerification Export(IDecisionLog log, string location, DateOnly from, DateOnly to, TimeProvider clock, Action<ReadOnlyMemory<byte>> write)
    {
        var v = log.Verify();
        var buffer = new ArrayBufferWriter<byte>(1 << 16);
        using var w = new Utf8JsonWriter(buffer, DecisionJson.Options);
        long exported = 0;
        var explanations = new Dictionary<string, string?>(StringComparer.Ordinal);
        void Line()
        {
            w.Flush();
            w.Reset();
            buffer.Write("\n"u8);
            if (buffer.WrittenCount > 1 << 16)
            {
                write(buffer.WrittenMemory);
                buffer.ResetWrittenCount();
            }
        }

        foreach (var r in log.Read(from, to))
        {
            if (explanations.Count >= 10_000)
            {
                explanations.Clear(); // bounded: a five-year log has far more distinct explanations
            }

            WriteRecord(w, r, r.Texts is { } th ? explanations.TryGetValue(th, out var t) ? t : explanations[th] = log.Text(th) : null);
            Line();
            exported++;
        }

        w.WriteStartObject();
        w.WritePropertyName("verification");
        WriteVerification(w, v, location);
        w.WriteNumber("exported", exported);
        w.WriteString("from", from.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        w.WriteString("to", to.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        w.WriteString("exportedAt", DecisionLog.Timestamp(clock.GetUtcNow()));
        w.WriteEndObject();
        Line();
        write(buffer.WrittenMemory);
        return v;
    }

    /// <summary>One record with its explanation (null when the record has none or it is missing).</summary>
    /// <param name="more">Writes further properties of the record's object (the API adds the review cases of the line).</param>
    public static void WriteRecord(Utf8JsonWriter w, LoggedDecision r, string? explanation, Action<Utf8JsonWriter>? more = null)
    {
        w.WriteStartObject();
        w.WriteNumber("seq", r.Seq);
        w.WriteString("batchId", r.BatchId);
        w.WriteNumber("lineNo", r.LineNo);
        w.WriteString("lineId", r.LineId);
        w.WriteString("recordedAt", r.RecordedAt);
        w.WriteString("prevHash", r.PrevHash);
        w.WriteString("hash", r.Hash);
        w.WriteString("texts", r.Texts);
        w.WritePropertyName("record");
        w.WriteRawValue(r.Body, skipInputValidation: true);
        if (r.Texts is not null)
        {
            w.WritePropertyName("explanation");
            if (explanation is null)
            {
                w.WriteNullValue();
            }
            else
            {
                w.WriteRawValue(explanation, skipInputValidation: true);
            }
        }

        more?.Invoke(w);
        w.WriteEndObject();
    }

    /// <summary>
    /// <c>{"ok","records","headSeq","headHash","store","firstBreak":{"kind","seq","batchId","lineId","message"} or null}</c>.
    /// </summary>
    public static void WriteVerification(Utf8JsonWriter w, ChainVerification v, string location)
    {
        w.WriteStartObject();
        w.WriteBoolean("ok", v.Ok);
        w.WriteNumber("records", v.Records);
        w.WriteNumber("headSeq", v.HeadSeq);
        w.WriteString("headHash", v.HeadHash);
        w.WriteString("store", location);
        if (v.FirstBreak is { } b)
        {
            w.WriteStartObject("firstBreak");
            w.WriteString("kind", b.Kind);
            w.WriteNumber("seq", b.Seq);
            w.WriteString("batchId", b.BatchId);
            w.WriteString("lineId", b.LineId);
            w.WriteString("message", b.Message);
            w.WriteEndObject();
        }
        else
        {
            w.WriteNull("firstBreak");
        }

        w.WriteEndObject();
    }
}
