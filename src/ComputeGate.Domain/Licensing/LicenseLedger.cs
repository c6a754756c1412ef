namespace ComputeGate.Domain.Licensing;

/// <summary>
/// The outcome of drawing a line on a licence: whether it was drawn, and what is left (after the draw, or as
/// it stood when refused); null means the licence has no limit of that kind.
/// </summary>
public readonly record struct DrawResult(bool Drawn, int? QuantityLeft, decimal? ValueLeft);

/// <summary>
/// Where the balances of held licences live. A draw is all or nothing: the whole line's quantity and value
/// fit in what is left, or nothing is drawn. In memory for one book (<see cref="InMemoryLicenseLedger"/>),
/// or in the store, where concurrent checks share the balances and never overdraw them.
/// </summary>
public interface ILicenseLedger
{
    /// <summary>
    /// Draws the line's quantity and value (a licence with a value limit needs the line's value) if both fit.
    /// <paramref name="position"/> is the line's place in its book: a ledger that keeps drawdowns may use it to
    /// draw a line only once (a resumed batch).
    /// </summary>
    DrawResult TryDraw(HeldLicense license, OrderLine line, long position);
}

/// <summary>The balances of one book's run, starting from the licences' limits (nothing drawn). Not thread-safe.</summary>
public sealed class InMemoryLicenseLedger : ILicenseLedger
{
    private readonly Dictionary<string, (int Quantity, decimal Value)> _drawn = new(StringComparer.Ordinal);

    public DrawResult TryDraw(HeldLicense license, OrderLine line, long position)
    {
        var used = _drawn.GetValueOrDefault(license.Number);
        var (qtyLeft, valueLeft) = Left(license, used.Quantity, used.Value);
        if (!Fits(license, line, qtyLeft, valueLeft))
        {
            return new DrawResult(false, qtyLeft, valueLeft);
        }

        _drawn[license.Number] = (used.Quantity + line.Quantity, used.Value + (line.ValueUsd ?? 0m));
        var after = Left(license, used.Quantity + line.Quantity, used.Value + (line.ValueUsd ?? 0m));
        return new DrawResult(true, after.Quantity, after.Value);
    }

    /// <summary>What is left of a licence's limits after <paramref name="quantityUsed"/> units and <paramref name="valueUsed"/> USD.</summary>
    public static (int? Quantity, decimal? Value) Left(HeldLicense license, long quantityUsed, decimal valueUsed) =>
        (license.QuantityLimit is { } q ? checked((int)(q - quantityUsed)) : null, license.ValueLimitUsd - valueUsed);

    /// <summary>Whether the whole line fits in what is left (a value limit needs the line's value).</summary>
    public static bool Fits(HeldLicense license, OrderLine line, int? quantityLeft, decimal? valueLeft) =>
        (quantityLeft is not { } q || q >= line.Quantity)
        && (valueLeft is not { } v || (line.ValueUsd is { } lv && v >= lv));
}
