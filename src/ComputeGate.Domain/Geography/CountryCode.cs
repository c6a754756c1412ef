namespace ComputeGate.Domain.Geography;

/// <summary>An ISO 3166-1 alpha-2 code, upper case. Validated at construction.</summary>
public readonly record struct CountryCode
{
    public string Value { get; }

    public CountryCode(string value)
    {
        if (value is null || value.Length != 2 || !char.IsAsciiLetterUpper(value[0]) || !char.IsAsciiLetterUpper(value[1]))
        {
            throw new ArgumentException($"'{value}' is not an ISO 3166-1 alpha-2 code (two upper-case letters)", nameof(value));
        }

        Value = value;
    }

    public static bool TryParse(string? text, out CountryCode code)
    {
        code = default;
        if (text is null)
        {
            return false;
        }

        var t = text.Trim().ToUpperInvariant();
        if (t.Length != 2 || !char.IsAsciiLetterUpper(t[0]) || !char.IsAsciiLetterUpper(t[1]))
        {
            return false;
        }

        code = new CountryCode(t);
        return true;
    }

    public override string ToString() => Value;
}
