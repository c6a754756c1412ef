using ComputeGate.Domain;
using System.Globalization;
using System.Text.RegularExpressions;
using ComputeGate.Domain.Screening;

namespace ComputeGate.Formats.Lists;

/// <summary>What the list readers share: multi-valued cells, countries, Federal Register dates.</summary>
internal static partial class ListText
{
    /// <summary>The values of a multi-valued cell ("a; b; c"), trimmed, empty ones left out.</summary>
    public static List<string> Split(string? cell, string separator = "; ")
    {
        if (string.IsNullOrWhiteSpace(cell))
        {
            return [];
        }

        return cell.Split(separator, StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).ToList();
    }

    /// <summary>Trimmed; null when empty.</summary>
    public static string? Clean(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    /// <summary>The primary name, then each alias once (an alias equal to the primary name or an earlier alias is left out).</summary>
    public static List<EntryName> Names(string primary, IEnumerable<(string Name, NameKind Kind)> aliases)
    {
        var names = new List<EntryName> { new(primary, NameKind.Primary) };
        var seen = new HashSet<string>(StringComparer.Ordinal) { primary };
        foreach (var (name, kind) in aliases)
        {
            if (seen.Add(name))
            {
                names.Add(new EntryName(name, kind));
            }
        }

        return names;
    }

    /// <summary>
    /// The earliest date written m/d/yy or m/d/yyyy in a Federal Register citation ("88 FR 71992, 10/19/23",
    /// "46 F.R. 46154 9/17/81 and 46 F.R. 19290 3/30/81"): when the party was first listed. Two-digit years
    /// from 50 are 19xx (the oldest citations, DPL orders, are from the 1980s), below 50 are 20xx.
    /// </summary>
    public static DateOnly? EarliestFederalRegisterDate(string? citation)
    {
        if (citation is null)
        {
            return null;
        }

        DateOnly? earliest = null;
        foreach (System.Text.RegularExpressions.Match m in SlashDate().Matches(citation))
        {
            var month = int.Parse(m.Groups[1].ValueSpan, CultureInfo.InvariantCulture);
            var day = int.Parse(m.Groups[2].ValueSpan, CultureInfo.InvariantCulture);
            var year = int.Parse(m.Groups[3].ValueSpan, CultureInfo.InvariantCulture);
            if (m.Groups[3].Length == 2)
            {
                year += year >= 50 ? 1900 : 2000;
            }

            if (month is >= 1 and <= 12 && day >= 1 && day <= DateTime.DaysInMonth(year, month))
            {
                var date = new DateOnly(year, month, day);
                if (earliest is null || date < earliest)
                {
                    earliest = date;
                }
            }
        }

        return earliest;
    }

    /// <summary>
    /// A file that gave no entry is never imported (an empty or unreadable list must not replace a stored
    /// snapshot): throws an <see cref="InputException"/> naming the first rejected row, if any.
    /// </summary>
    public static void RequireEntries(string file, int entries, IReadOnlyList<RejectedRow> rejected)
    {
        if (entries > 0)
        {
            return;
        }

        var why = rejected.Count == 0
            ? "no entries: an empty list is never imported"
            : $"no entry could be read ({rejected.Count} rows rejected; the first, line {rejected[0].Line}: {rejected[0].Field}: {rejected[0].Reason})";
        throw new InputException(file, null, null, why);
    }

    public static bool TryIsoDate(string text, out DateOnly date) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date);

    [GeneratedRegex(@"(?<![\d/])(\d{1,2})/(\d{1,2})/(\d{4}|\d{2})(?![\d/])")]
    private static partial Regex SlashDate();
}

/// <summary>
/// The countries of one entry, in the order found, each once: ISO 3166-1 alpha-2 where
/// <see cref="CountryDirectory"/> resolves the text, the raw text otherwise (only for fields that are
/// countries by definition; see <see cref="Add"/>).
/// </summary>
internal sealed class CountryList(CountryDirectory directory)
{
    private readonly List<string> _countries = [];

    /// <summary>
    /// Adds <paramref name="text"/>. A field that is a country (a nationality, the country of an address)
    /// keeps its raw text when it cannot be resolved ("Region: Crimea"); a guess (the last part of a
    /// free-text address, which is often a postal code or a city) is dropped instead. OFAC's "undetermined"
    /// says there is no country, and adds nothing.
    /// </summary>
    public void Add(string? text, bool keepRaw)
    {
        var clean = ListText.Clean(text);
        if (clean is null || clean.Equals("undetermined", StringComparison.OrdinalIgnoreCase))
        {
            return;
        }

        if (directory.TryResolve(clean, out var code))
        {
            Append(code.Value);
        }
        else if (keepRaw)
        {
            Append(clean);
        }
    }

    /// <summary>
    /// The country of a free-text address "street, city, postal, CN": its last comma part, or the one before
    /// it when the last is a postal code ("..., BEIJING, CN, 101300"). Nothing when neither resolves.
    /// </summary>
    public void AddFromAddress(string address)
    {
        var parts = address.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 0)
        {
            return;
        }

        var last = parts[^1];
        if (parts.Length > 1 && last.Any(char.IsAsciiDigit) && !last.Any(char.IsLetter))
        {
            last = parts[^2];
        }

        Add(last, keepRaw: false);
    }

    public IReadOnlyList<string> ToList() => _countries.ToArray();

    private void Append(string value)
    {
        if (!_countries.Contains(value, StringComparer.Ordinal))
        {
            _countries.Add(value);
        }
    }
}
