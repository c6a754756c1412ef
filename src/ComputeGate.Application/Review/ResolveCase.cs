using ComputeGate.Domain.Screening;
using ComputeGate.Store;

namespace ComputeGate.Application.Review;

/// <summary>
/// A reviewer confirms a case (the party is the listed entry) or clears it (not the listed party: not raised again until
/// the entry changes), saying why. A case is resolved once.
/// </summary>
public sealed class ResolveCase(StoreSession store)
{
    public const int MaxReasonLength = 2000;

    public sealed record Command(long Id, CaseResolution Resolution, string Who, string? Reason);

    public enum Outcome
    {
        Resolved,
        NoSuchCase,
        NoReason,
        AlreadyResolved,
    }

    /// <param name="Problem">What went wrong, for the user (null when resolved).</param>
    public sealed record Result(Outcome Outcome, ReviewCase? Case, string? Problem);

    public Result Run(Command c)
    {
        if (store.Cases.Get(c.Id) is null)
        {
            return new Result(Outcome.NoSuchCase, null, $"case {c.Id} does not exist");
        }

        if (string.IsNullOrWhiteSpace(c.Reason) || c.Reason.Length > MaxReasonLength)
        {
            return new Result(Outcome.NoReason, null, "reason: say why (1 to 2,000 characters)");
        }

        try
        {
            return new Result(Outcome.Resolved, store.Cases.Resolve(c.Id, c.Resolution, c.Who, c.Reason), null);
        }
        catch (InvalidOperationException e)
        {
            return new Result(Outcome.AlreadyResolved, null, e.Message);
        }
    }
}

/// <summary>What a reviewer compares for a case: the list entry it names (as loaded now) and the logged decision that raised it, with its explanation.</summary>
public sealed record CaseEvidence(ReviewCase Case, ListEntry? Entry, LoggedDecision? Decision, string? Explanation)
{
    /// <summary>The evidence of case <paramref name="id"/>, or null when there is no such case.</summary>
    public static CaseEvidence? Of(StoreSession store, long id)
    {
        if (store.Cases.Get(id) is not { } c)
        {
            return null;
        }

        var entry = store.Lists.ActiveEntries(c.List).FirstOrDefault(e => e.EntryId == c.EntryId);
        LoggedDecision? record = null;
        if (c.BatchId is { } batch && c.LineNo is { } line
            && DateOnly.TryParse(c.RaisedAt.AsSpan(0, 10), System.Globalization.CultureInfo.InvariantCulture, out var day))
        {
            record = store.Log.Read(day.AddDays(-1), day).FirstOrDefault(r => r.BatchId == batch && r.LineNo == line);
        }

        return new CaseEvidence(c, entry, record, record?.Texts is { } texts ? store.Log.Text(texts) : null);
    }
}
