using ComputeGate.Application.Checking;
using ComputeGate.Domain.Licensing;
using ComputeGate.Domain.WhatIf;

namespace ComputeGate.Application.WhatIf;

/// <summary>
/// The lines of an order book decided differently on two dates, each with the rule changes in between that bear on it.
/// The book is streamed once (<see cref="BookPipeline"/>); a line that cannot be read is counted, not compared.
/// </summary>
public sealed class DiffOrderBook(ReferenceData reference)
{
    public sealed record Command(string File, DateOnly From, DateOnly To, DecisionMode Mode);

    public sealed record Difference(OrderRow Row, LineDifference Change);

    public sealed record Result(IReadOnlyList<Difference> Differences, long Lines, long Unreadable);

    public Result Run(Command c)
    {
        OrderBookDecider Decider() => new(reference.Decider(), reference.Classifier, c.Mode, []);
        var lines = new Diff.Lines(Decider(), Decider(), Decider(), RuleChanges.Between(reference.Book, reference.Parties, c.From, c.To), c.From, c.To);
        var differences = new List<Difference>();
        long total = 0, unreadable = 0;
        using (var orders = OrderBookFile.Open(reference, c.File, c.From))
        {
            BookPipeline.Run(
                orders.Rows,
                batch => batch.Select(r => r.Line is { } l ? lines.Compare(l) : null).ToArray(),
                (batch, found) =>
                {
                    total += batch.Count;
                    unreadable += batch.Count(r => r.Line is null);
                    differences.AddRange(batch.Zip(found).Where(x => x.Second is not null).Select(x => new Difference(x.First, x.Second!)));
                });
        }

        return new Result(differences, total, unreadable);
    }
}
