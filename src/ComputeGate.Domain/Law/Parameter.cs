namespace ComputeGate.Domain.Law;

/// <summary>
/// One value of a parameter of the law, in force from <see cref="Effective"/> until the next entry of
/// the same parameter (half-open: [Effective, next.Effective)). A null value means the parameter
/// was repealed on that date.
/// </summary>
public sealed record ParameterEntry(
    DateOnly Effective,
    ParameterValue? Value,
    Instrument Instrument,
    string Cite,
    string? Unverified)
{
    /// <summary>The citation as a user reads it: CFR paragraph or technical note, then the FR notice.</summary>
    public string Citation => $"{Cite} [{Instrument.Citation}]";
}

/// <summary>A number (threshold), a word (a method, a paragraph name) or a set of destinations.</summary>
public sealed record ParameterValue(decimal? Number, string? Text, Geography.DestinationSet? Set = null)
{
    public static ParameterValue Of(decimal number) => new(number, null);
    public static ParameterValue Of(string text) => new(null, text);
    public static ParameterValue Of(Geography.DestinationSet set) => new(null, null, set);
    public override string ToString() => Number?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? Text ?? Set?.Describe() ?? "";
}

/// <summary>A parameter of the law with its history, OpenFisca-style.</summary>
public sealed record Parameter(string Name, string Description, string? Unit, IReadOnlyList<ParameterEntry> History)
{
    /// <summary>The entry in force on a date, or null when the parameter did not exist (or was repealed).</summary>
    public ParameterEntry? On(DateOnly date)
    {
        ParameterEntry? current = null;
        foreach (var entry in History)
        {
            if (entry.Effective <= date)
            {
                current = entry;
            }
        }

        return current?.Value is null ? null : current;
    }
}
