using ComputeGate.Domain.Licensing;

namespace ComputeGate.Application.Checking;

/// <summary>An order book CSV file opened for streaming (check, diff, whatif, exposure): its header read and checked, its rows read lazily.</summary>
public sealed class OrderBookFile : IDisposable
{
    private readonly FileStream _input;
    private readonly StreamReader _text;

    private OrderBookFile(ReferenceData engine, string file, DateOnly? asOf)
    {
        _input = InputFiles.Open(file, 1 << 16);
        _text = new StreamReader(_input, System.Text.Encoding.UTF8, detectEncodingFromByteOrderMarks: true, 1 << 16);
        try
        {
            Book = CheckOrderBook.Open(engine, _text, file, asOf); // reads and checks the header now
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <param name="asOf">When given, every line is decided on this date (the date column may then be absent).</param>
    public static OrderBookFile Open(ReferenceData engine, string file, DateOnly? asOf) => new(engine, file, asOf);

    /// <summary>The book, for <see cref="CheckOrderBook.Run"/>.</summary>
    public OpenedBook Book { get; }

    public IEnumerable<OrderRow> Rows => Book.Rows;

    /// <summary>How far the reading has got, in percent of the file's bytes.</summary>
    public double Progress => 100.0 * _input.Position / Math.Max(1, _input.Length);

    public void Dispose()
    {
        _text.Dispose();
        _input.Dispose();
    }
}
