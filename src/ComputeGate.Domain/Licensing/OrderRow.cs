namespace ComputeGate.Domain.Licensing;

/// <summary>
/// One row of an order book: the line when it could be read, else the field and the problem. The
/// extra (unknown) columns are kept, in file order, for the output.
/// </summary>
public sealed record OrderRow(int LineNumber, string Id, OrderLine? Line, string? ErrorField, string? Error, IReadOnlyList<string> Extra)
{
    public bool Ok => Line is not null;

    /// <summary>The file the row came from, for messages.</summary>
    public string File { get; init; } = "";

    /// <summary>"orders.csv:21: destination: 'Atlantis' is not a country code or name (...)".</summary>
    public string? Message => Error is null ? null : $"{File}:{LineNumber}: {ErrorField}: {Error}";
}
