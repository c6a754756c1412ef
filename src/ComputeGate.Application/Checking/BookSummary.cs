namespace ComputeGate.Application.Checking;

/// <summary>Verdict counts, units and value of a decided order book, for its summary.</summary>
public sealed class BookSummary
{
    /// <summary>The verdicts in the order a summary lists them.</summary>
    public static readonly IReadOnlyList<string> VerdictOrder = ["NLR", "LICENSE_EXCEPTION", "LICENSE_REQUIRED", "LICENSED", "REVIEW", "ERROR"];

    public Dictionary<string, (long Lines, long Units, decimal Value)> ByVerdict { get; } = new(StringComparer.Ordinal);
    public long Lines { get; private set; }

    /// <summary>Lines per verdict that have no unit value: their value is unknown, not zero, and the table says how many.</summary>
    public Dictionary<string, long> WithoutValue { get; } = new(StringComparer.Ordinal);

    public void Add(string verdict, int units, decimal? value)
    {
        Lines++;
        if (value is null)
        {
            WithoutValue[verdict] = WithoutValue.GetValueOrDefault(verdict) + 1;
        }

        var s = ByVerdict.GetValueOrDefault(verdict);
        ByVerdict[verdict] = (s.Lines + 1, s.Units + units, s.Value + (value ?? 0m));
    }
}
