using ComputeGate.Domain.Screening;

namespace ComputeGate.Application.Screening;

/// <summary>
/// Screen a name against the loaded lists: HIT when a match reaches the threshold, else CLEAR. For one name asked by a
/// person (CLI, API, web UI) the nearest candidates are shown even below the threshold (down to <see cref="NearestFloor"/>,
/// at most <see cref="Nearest"/>); the decision still uses the threshold. A batch of names reports the matches at the threshold.
/// </summary>
public sealed class ScreenName(ScreeningIndex index, double threshold)
{
    public const double NearestFloor = 0.6;
    public const int Nearest = 5;

    /// <param name="Source">The id the result carries: "cli", "api", or the row's id in a batch.</param>
    public sealed record Command(string Source, string Name, string? Country);

    public ScreeningResult One(Command c) =>
        new(c.Source, c.Name, c.Country, index.Screen(c.Name, c.Country, threshold: Math.Min(threshold, NearestFloor), max: Nearest), threshold);

    public ScreeningResult InBatch(Command c) => new(c.Source, c.Name, c.Country, index.Screen(c.Name, c.Country, threshold), threshold);
}
