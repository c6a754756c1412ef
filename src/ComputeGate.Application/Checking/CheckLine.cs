using ComputeGate.Application.Screening;
using ComputeGate.Domain.Licensing;
using ComputeGate.Store;

namespace ComputeGate.Application.Checking;

/// <summary>
/// Check one order line: decided (with pooled deciders when no licence is drawn), logged, and its possible list
/// matches raised as review cases (a REVIEW line becomes a case when it is logged). The line is screened once: the
/// cases come from what the decision screened.
/// </summary>
public sealed class CheckLine(ListScreening screening, StoreSession store, ILineLog log)
{
    /// <param name="Source">What the log records as the line's origin ("api", "(command line)", "web").</param>
    public sealed record Command(OrderLine Line, DecisionMode Mode, LicenceChoice Licences, string Source);

    /// <param name="Logged">False when the batch already had the line (a CLI batch run again).</param>
    /// <param name="ReviewCases">The review cases of the line's possible list matches.</param>
    public sealed record Result(Decision Decision, string BatchId, long LineNo, bool Logged, IReadOnlyList<long> ReviewCases);

    public async Task<Result> Run(Command c)
    {
        var lineNo = log.NextLine();
        Decision decision;
        if (c.Licences.FromStore || c.Licences.FromFile.Count > 0)
        {
            var (licenses, ledger) = c.Licences.Open(store, log.BatchId);
            decision = new OrderBookDecider(screening.Reference.Decider(), screening.Reference.Classifier, c.Mode, licenses, ledger).Decide(c.Line, lineNo);
        }
        else
        {
            decision = screening.WithPooledDecider(c.Mode, book => book.Decide(c.Line, lineNo));
        }

        var logged = await log.Log(lineNo, c.Line, decision, c.Source).ConfigureAwait(false);
        var cases = ListMatchCases.Raise(store, screening, decision, log.BatchId, lineNo);
        return new Result(decision, log.BatchId, lineNo, logged, cases);
    }
}
