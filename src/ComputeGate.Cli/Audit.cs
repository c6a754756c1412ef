using System.Buffers;
using System.Globalization;
using System.Text.Json;
using ComputeGate.Store;
using ComputeGate.Store.Database;
using Spectre.Console;

namespace ComputeGate.Cli;

/// <summary>
/// <c>computegate audit</c>: recompute the decision log's hash chain (<c>verify</c>) and write the records of
/// a period for a regulator (<c>export</c>, JSON lines ending with a verification line; 15 CFR 762).
/// Exit code <see cref="Broken"/> when the chain does not verify.
/// </summary>
public sealed class Audit(TextWriter output, IAnsiConsole console, TimeProvider clock)
{
    /// <summary>The exit code when the log does not verify (the command itself worked).</summary>
    public const int Broken = 3;

    public int Verify(string location, bool json)
    {
        using var store = StoreDatabase.Open(location, clock);
        var v = new DecisionLog(store, clock).Verify();
        if (json)
        {
            output.WriteLine(DecisionJson.Indented(x => WriteVerification(x, v, store)));
        }
        else if (v.FirstBreak is { } b)
        {
            console.MarkupLine($"[red]The decision log does not verify[/] ({Markup.Escape(store.Dialect.Location)}):");
            console.MarkupLine(Markup.Escape($"  {b.Kind}: {b.Message}."));
            console.MarkupLine(Markup.Escape($"  Records read up to the break: {v.Records:N0}; the chain is whole up to record {v.HeadSeq}."));
        }
        else
        {
            console.MarkupLine($"[green]The decision log verifies[/]: {v.Records:N0} records, hash chain whole ({Markup.Escape(store.Dialect.Location)}).");
            console.MarkupLine(Markup.Escape($"  Last record {v.HeadSeq}, hash {v.HeadHash}: keep it outside the store to detect a removal of the latest records."));
        }

        return v.Ok ? App.Ok : Broken;
    }

    /// <summary>The records recorded from <paramref name="from"/> to <paramref name="to"/> (UTC days, both inclusive), then one verification line.</summary>
    public int Export(string location, DateOnly from, DateOnly to, string? outFile)
    {
        using var store = StoreDatabase.Open(location, clock);
        var log = new DecisionLog(store, clock);
        var v = log.Verify();
        using var file = outFile is null ? null : new FileStream(outFile, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
        var buffer = new ArrayBufferWriter<byte>(1 << 16);
        using var w = new Utf8JsonWriter(buffer, DecisionJson.Options);
        long exported = 0;
        var explanations = new Dictionary<string, string?>(StringComparer.Ordinal);
        void Line()
        {
            w.Flush();
            w.Reset();
            buffer.Write("\n"u8);
            if (file is not null)
            {
                file.Write(buffer.WrittenSpan);
            }
            else
            {
                output.Write(System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan));
            }

            buffer.ResetWrittenCount();
        }

        foreach (var r in log.Read(from, to))
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
            if (r.Texts is { } th)
            {
                if (!explanations.TryGetValue(th, out var text))
                {
                    if (explanations.Count >= 10_000)
                    {
                        explanations.Clear(); // bounded: a five-year log has far more distinct explanations
                    }

                    explanations[th] = text = log.Text(th);
                }

                w.WritePropertyName("explanation");
                if (text is null)
                {
                    w.WriteNullValue();
                }
                else
                {
                    w.WriteRawValue(text, skipInputValidation: true);
                }
            }

            w.WriteEndObject();
            Line();
            exported++;
        }

        w.WriteStartObject();
        w.WritePropertyName("verification");
        WriteVerification(w, v, store);
        w.WriteNumber("exported", exported);
        w.WriteString("from", from.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        w.WriteString("to", to.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        w.WriteString("exportedAt", DecisionLog.Timestamp(clock.GetUtcNow()));
        w.WriteEndObject();
        Line();
        file?.Flush();
        output.Flush();
        return v.Ok ? App.Ok : Broken;
    }

    /// <summary>
    /// <c>{"ok","records","headSeq","headHash","store","firstBreak":{"kind","seq","batchId","lineId","message"} or null}</c>.
    /// </summary>
    private static void WriteVerification(Utf8JsonWriter w, ChainVerification v, StoreDatabase store)
    {
        w.WriteStartObject();
        w.WriteBoolean("ok", v.Ok);
        w.WriteNumber("records", v.Records);
        w.WriteNumber("headSeq", v.HeadSeq);
        w.WriteString("headHash", v.HeadHash);
        w.WriteString("store", store.Dialect.Location);
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
