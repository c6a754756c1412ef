using ComputeGate.Store;
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
        using var store = StoreSession.Open(location, clock);
        var v = store.Log.Verify();
        if (json)
        {
            output.WriteLine(DecisionJson.Indented(x => AuditJson.WriteVerification(x, v, store.Location)));
        }
        else if (v.FirstBreak is { } b)
        {
            console.MarkupLine($"[red]The decision log does not verify[/] ({Markup.Escape(store.Location)}):");
            console.MarkupLine(Markup.Escape($"  {b.Kind}: {b.Message}."));
            console.MarkupLine(Markup.Escape($"  Records read up to the break: {v.Records:N0}; the chain is whole up to record {v.HeadSeq}."));
        }
        else
        {
            console.MarkupLine($"[green]The decision log verifies[/]: {v.Records:N0} records, hash chain whole ({Markup.Escape(store.Location)}).");
            console.MarkupLine(Markup.Escape($"  Last record {v.HeadSeq}, hash {v.HeadHash}: keep it outside the store to detect a removal of the latest records."));
        }

        return v.Ok ? App.Ok : Broken;
    }

    /// <summary>The records recorded from <paramref name="from"/> to <paramref name="to"/> (UTC days, both inclusive), then one verification line.</summary>
    public int Export(string location, DateOnly from, DateOnly to, string? outFile)
    {
        using var store = StoreSession.Open(location, clock);
        using var file = outFile is null ? null : new FileStream(outFile, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
        var v = AuditJson.Export(store.Log, store.Location, from, to, clock,
            bytes =>
            {
                if (file is null)
                {
                    output.Write(System.Text.Encoding.UTF8.GetString(bytes.Span));
                }
                else
                {
                    file.Write(bytes.Span);
                }
            });
        file?.Flush();
        output.Flush();
        return v.Ok ? App.Ok : Broken;
    }
}
