using ComputeGate.Application.Checking;
using ComputeGate.Domain.Licensing;
using ComputeGate.Domain.WhatIf;

namespace ComputeGate.Application.WhatIf;

/// <summary>An order book's value (quantity × unit value) by verdict, destination and item, decided in one streamed pass.</summary>
public sealed class MeasureExposure(ReferenceData reference)
{
    /// <param name="AsOf">Decide every line on this date instead of its own.</param>
    public sealed record Command(string File, DateOnly? AsOf, DecisionMode Mode);

    public ExposureSummary Run(Command c)
    {
        var book = new OrderBookDecider(reference.Decider(), reference.Classifier, c.Mode, []);
        var summary = new ExposureSummary();
        using var orders = OrderBookFile.Open(reference, c.File, c.AsOf);
        BookPipeline.Run(
            orders.Rows,
            batch => batch.Select(r => r.Line is { } l ? book.Decide(l) : null).ToArray(),
            (batch, decisions) =>
            {
                for (var i = 0; i < batch.Count; i++)
                {
                    if (batch[i].Line is { } line && decisions[i] is { } d)
                    {
                        summary.Add(line, d);
                    }
                    else
                    {
                        summary.AddError();
                    }
                }
            });
        return summary;
    }
}
