using ComputeGate.Domain.Licensing;
using ComputeGate.Domain;
using ComputeGate.Formats;

namespace ComputeGate.Cli;

/// <summary>An order book CSV opened for streaming: its header read and checked, its rows read lazily.</summary>
public sealed class OrderBookFile : IDisposable
{
    private readonly FileStream _input;
    private readonly StreamReader _text;

    private OrderBookFile(ReferenceData engine, string file, DateOnly? asOf)
    {
        if (!File.Exists(file))
        {
            throw new InputException(file, null, null, "no such file");
        }

        _input = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        _text = new StreamReader(_input, System.Text.Encoding.UTF8, detectEncodingFromByteOrderMarks: true, 1 << 16);
        Reader = new OrderBookReader(engine.Catalog, engine.Countries.TryResolve);
        try
        {
            Rows = Reader.Read(file, _text, asOf); // reads and checks the header now
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <param name="asOf">When given, every line is decided on this date (the date column may then be absent).</param>
    public static OrderBookFile Open(ReferenceData engine, string file, DateOnly? asOf) => new(engine, file, asOf);

    public OrderBookReader Reader { get; }
    public IEnumerable<OrderRow> Rows { get; }

    /// <summary>How far the reading has got, in percent of the file's bytes.</summary>
    public double Progress => 100.0 * _input.Position / Math.Max(1, _input.Length);

    public void Dispose()
    {
        _text.Dispose();
        _input.Dispose();
    }
}
