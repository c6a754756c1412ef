using ComputeGate.Domain;
using System.Globalization;
using System.Text;
using ComputeGate.Domain.Geography;
using YamlDotNet.RepresentationModel;

namespace ComputeGate.Formats;

/// <summary>
/// Turns what users type as a destination ("CN", "CHN", "China", "Viet Nam", "Burma", "UAE", "中国") into an
/// ISO 3166-1 alpha-2 code. The country table is ICU's (CLDR region data through <see cref="RegionInfo"/>):
/// alpha-2, alpha-3, the English name and the name in every locale's own language. On top of it: the small
/// bundled <c>rules/destination-aliases.yaml</c> (the EAR's own spellings, a few unambiguous aliases), and
/// optionally an OpenSanctions <c>countrynames</c> file (<see cref="WithAliases"/>).
/// <para>
/// Names match ignoring case, diacritics, punctuation, runs of spaces and a leading "the". A name two
/// countries claim resolves to neither, unless the bundled alias file names it, which wins. Codes win over
/// names. This class knows nothing of the EAR's groups: "Hong Kong" is HK here; the rules decide that the
/// EAR treats it as China. Immutable and safe to share between threads.
/// </para>
/// </summary>
public sealed class CountryDirectory
{
    /// <summary>The bundled alias file, embedded like the other rule files.</summary>
    public const string BundledAliasFile = "rules/destination-aliases.yaml";

    // ICU regions that are not ISO 3166-1 countries. EA (Ceuta & Melilla), IC (Canary Islands) and DG (Diego
    // Garcia) are ISO "exceptionally reserved" codes that CLDR gives locales to; CS (Serbia and Montenegro) was
    // withdrawn in 2006 and ICU still names it "Serbia"; IV is .NET's invariant region. Resolving "Canary
    // Islands" to IC would hand the rules a code no country group lists. XK (Kosovo) is user-assigned but is
    // what the US and EU use for Kosovo, so it stays.
    private static readonly HashSet<string> NotCountries = new(StringComparer.Ordinal) { "EA", "IC", "DG", "CS", "IV" };

    private static readonly Lazy<CountryDirectory> DefaultDirectory = new(BuildDefault);

    private enum Source
    {
        Code = 0,    // alpha-2 and alpha-3 codes: always win
        Bundled = 1, // rules/destination-aliases.yaml: wins over any name
        Name = 2,    // ICU names and loaded alias files: a conflict resolves to neither
    }

    private readonly record struct Claim(string Key, CountryCode Code, Source Source);

    private readonly IReadOnlyDictionary<CountryCode, string> _englishNames;
    private readonly IReadOnlyList<Claim> _claims;
    private readonly IReadOnlySet<string> _blocked;
    private readonly Dictionary<string, CountryCode> _byKey;
    private readonly Dictionary<string, CountryCode>.AlternateLookup<ReadOnlySpan<char>> _bySpan;
    private readonly Dictionary<string, CountryCode[]> _ambiguous;

    // Resolutions of every two-letter upper-case text ("CN", "UK"), indexed (a - 'A') * 26 + (b - 'A'): the
    // common case of an order line costs two comparisons and an array read.
    private readonly CountryCode?[] _twoLetters = new CountryCode?[26 * 26];

    private CountryDirectory(IReadOnlyDictionary<CountryCode, string> englishNames, IReadOnlyList<Claim> claims, IReadOnlySet<string> blocked)
    {
        _englishNames = englishNames;
        _claims = claims;
        _blocked = blocked;
        _byKey = new Dictionary<string, CountryCode>(StringComparer.Ordinal);
        _ambiguous = new Dictionary<string, CountryCode[]>(StringComparer.Ordinal);

        foreach (var group in claims.GroupBy(c => c.Key, StringComparer.Ordinal))
        {
            if (blocked.Contains(group.Key))
            {
                continue;
            }

            var best = group.Min(c => c.Source);
            var codes = group.Where(c => c.Source == best).Select(c => c.Code).Distinct().ToArray();
            if (codes.Length == 1)
            {
                _byKey.Add(group.Key, codes[0]);
            }
            else
            {
                _ambiguous.Add(group.Key, codes.OrderBy(c => c.Value, StringComparer.Ordinal).ToArray());
            }
        }

        _bySpan = _byKey.GetAlternateLookup<ReadOnlySpan<char>>();
        foreach (var (key, code) in _byKey)
        {
            if (key.Length == 2 && char.IsAsciiLetterLower(key[0]) && char.IsAsciiLetterLower(key[1]))
            {
                _twoLetters[((key[0] - 'a') * 26) + (key[1] - 'a')] = code;
            }
        }
    }

    /// <summary>Every country ICU knows, with the bundled aliases. Built once (a few tens of ms), then shared.</summary>
    public static CountryDirectory Default() => DefaultDirectory.Value;

    /// <summary>
    /// A new directory that also knows the aliases of an OpenSanctions <c>countrynames</c> data file (a YAML
    /// mapping of code → list of names, plus <c>FAIL:</c>, a list of names that must never resolve). Codes
    /// that are not a country this directory knows ("EU", "SUHH", "UA-CRI", "ZZ") are skipped; a name that
    /// another country already claims resolves to neither. A malformed file is an <see cref="InputException"/>.
    /// </summary>
    public CountryDirectory WithAliases(string file, string text)
    {
        var aliases = ReadAliasFile(file, text, _englishNames, strict: false);
        var claims = _claims.Concat(aliases.Names.Select(a => new Claim(a.Key, a.Code, Source.Name))).ToList();
        var blocked = new HashSet<string>(_blocked, StringComparer.Ordinal);
        blocked.UnionWith(aliases.Blocked);
        return new CountryDirectory(_englishNames, claims, blocked);
    }

    public bool TryResolve(string? text, out CountryCode code)
    {
        code = default;
        if (text is null)
        {
            return false;
        }

        if (text.Length == 2 && char.IsAsciiLetterUpper(text[0]) && char.IsAsciiLetterUpper(text[1]))
        {
            if (_twoLetters[((text[0] - 'A') * 26) + (text[1] - 'A')] is { } known)
            {
                code = known;
                return true;
            }

            return false;
        }

        // ASCII text (most order lines) is keyed on the stack and looked up without allocating.
        if (text.Length <= 128 && Ascii.IsValid(text))
        {
            Span<char> buffer = stackalloc char[text.Length];
            return _bySpan.TryGetValue(AsciiKey(text, buffer), out code);
        }

        return Key(text) is { } key && _byKey.TryGetValue(key, out code);
    }

    /// <summary>
    /// Resolves the destination <paramref name="text"/> read from <paramref name="field"/> of row
    /// <paramref name="row"/> of <paramref name="file"/>, or throws an <see cref="InputException"/> naming them.
    /// </summary>
    public CountryCode Resolve(string file, int row, string field, string text)
    {
        if (TryResolve(text, out var code))
        {
            return code;
        }

        const string Expected = "ISO 3166-1 alpha-2 such as CN, or a name such as China";
        var problem = string.IsNullOrWhiteSpace(text)
            ? $"no country given ({Expected})"
            : Key(text) is { } key && _ambiguous.TryGetValue(key, out var codes)
                ? $"'{text}' names more than one country ({string.Join(", ", codes.Select(c => $"{c.Value} {NameOf(c)}"))}); give the ISO 3166-1 alpha-2 code"
                : $"'{text}' is not a country code or name ({Expected})";
        throw new InputException(file, field, row, problem);
    }

    /// <summary>The English name ICU gives the country ("Myanmar (Burma)", "Hong Kong SAR China").</summary>
    public string NameOf(CountryCode code) =>
        _englishNames.TryGetValue(code, out var name) ? name : throw new ArgumentException($"'{code}' is not a country this directory knows", nameof(code));

    public bool IsKnown(CountryCode code) => _englishNames.ContainsKey(code);

    private static CountryDirectory BuildDefault()
    {
        var englishNames = new Dictionary<CountryCode, string>();
        var claims = new List<Claim>();

        void AddRegion(RegionInfo region)
        {
            var alpha2 = region.TwoLetterISORegionName;
            var alpha3 = region.ThreeLetterISORegionName.ToUpperInvariant();
            if (NotCountries.Contains(alpha2) || !CountryCode.TryParse(alpha2, out var code) || code.Value != alpha2
                || alpha3.Length != 3 || !alpha3.All(char.IsAsciiLetterUpper))
            {
                return; // numeric UN M49 regions ("001", "150", "419") and the NotCountries
            }

            if (englishNames.TryAdd(code, region.EnglishName))
            {
                claims.Add(new Claim(Key(alpha2)!, code, Source.Code));
                claims.Add(new Claim(Key(alpha3)!, code, Source.Code));
                foreach (var name in EnglishVariants(region.EnglishName))
                {
                    AddName(name, code);
                }
            }

            // NativeName is the name in the locale's language ("Россия" for ru-RU, "Schweiz" for de-CH);
            // DisplayName is the same text on .NET 10 with ICU, read anyway in case that changes.
            AddName(region.NativeName, code);
            AddName(region.DisplayName, code);
        }

        void AddName(string name, CountryCode code)
        {
            if (Key(name) is { Length: > 0 } key)
            {
                claims.Add(new Claim(key, code, Source.Name));
            }
        }

        foreach (var culture in CultureInfo.GetCultures(CultureTypes.SpecificCultures).OrderBy(c => c.Name, StringComparer.Ordinal))
        {
            AddRegion(new RegionInfo(culture.Name));
        }

        // ISO countries no CLDR locale is for (AQ Antarctica, BV, GS, HM, TF): RegionInfo knows them by code.
        for (var a = 'A'; a <= 'Z'; a++)
        {
            for (var b = 'A'; b <= 'Z'; b++)
            {
                var candidate = string.Concat(a, b);
                if (!englishNames.ContainsKey(new CountryCode(candidate)) && !NotCountries.Contains(candidate) && TryRegion(candidate) is { } region)
                {
                    AddRegion(region);
                }
            }
        }

        var bundled = ReadAliasFile(BundledAliasFile, Catalog.ReadResource(typeof(CountryDirectory).Assembly, BundledAliasFile), englishNames, strict: true);
        claims.AddRange(bundled.Names.Select(a => new Claim(a.Key, a.Code, Source.Bundled)));
        return new CountryDirectory(englishNames, claims, bundled.Blocked);
    }

    private static RegionInfo? TryRegion(string code)
    {
        try
        {
            return new RegionInfo(code);
        }
        catch (ArgumentException)
        {
            return null; // not a region ICU (or .NET's table of region → locale) knows
        }
    }

    /// <summary>
    /// ICU's English name and the forms people write for it: "Myanmar (Burma)" also as "Myanmar" and "Burma";
    /// "Bosnia &amp; Herzegovina" also with "and".
    /// </summary>
    private static IEnumerable<string> EnglishVariants(string name)
    {
        yield return name;
        if (name.Contains('&', StringComparison.Ordinal))
        {
            yield return name.Replace("&", "and", StringComparison.Ordinal);
        }

        var open = name.IndexOf(" (", StringComparison.Ordinal);
        if (open > 0 && name.EndsWith(')'))
        {
            yield return name[..open];
            yield return name[(open + 2)..^1];
        }
    }

    private sealed record AliasFile(IReadOnlyList<(string Key, CountryCode Code)> Names, IReadOnlySet<string> Blocked);

    /// <summary>
    /// Reads code → list of names, plus <c>FAIL:</c> (names that must not resolve). <paramref name="strict"/>
    /// (the bundled file): a code that is not a known country is an error; otherwise it is skipped.
    /// </summary>
    private static AliasFile ReadAliasFile(string file, string text, IReadOnlyDictionary<CountryCode, string> known, bool strict)
    {
        var root = YamlNodeReader.ParseMapping(file, text);
        var names = new List<(string, CountryCode)>();
        var blocked = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (keyNode, value) in root.Children)
        {
            if (keyNode is not YamlScalarNode { Value: { Length: > 0 } codeText })
            {
                throw new InputException(file, null, (int)keyNode.Start.Line, "expected a country code (a single value such as CN) as the key");
            }

            var list = Names(file, codeText, value);
            if (codeText == "FAIL")
            {
                blocked.UnionWith(list.Select(n => Key(n.Name)).OfType<string>());
                continue;
            }

            if (!CountryCode.TryParse(codeText, out var code) || code.Value != codeText || !known.ContainsKey(code))
            {
                if (strict)
                {
                    throw new InputException(file, codeText, (int)keyNode.Start.Line, $"'{codeText}' is not an ISO 3166-1 alpha-2 code of a country ICU knows");
                }

                continue; // "EU", "SUHH", "UA-CRI", "ZZ": not a destination country
            }

            foreach (var (name, line) in list)
            {
                if (Key(name) is { Length: > 0 } key)
                {
                    names.Add((key, code));
                }
                else if (strict)
                {
                    throw new InputException(file, codeText, line, $"'{name}' is not a usable name");
                }
            }
        }

        if (strict)
        {
            var clash = names.GroupBy(n => n.Item1, StringComparer.Ordinal).FirstOrDefault(g => g.Select(n => n.Item2).Distinct().Count() > 1);
            if (clash is not null)
            {
                throw new InputException(file, null, null, $"the name '{clash.Key}' is given to {string.Join(" and ", clash.Select(n => n.Item2.Value).Distinct())}");
            }
        }

        return new AliasFile(names, blocked);
    }

    private static List<(string Name, int Line)> Names(string file, string code, YamlNode value)
    {
        switch (value)
        {
            case YamlScalarNode { Value: null or "" or "~" or "null", Style: YamlDotNet.Core.ScalarStyle.Plain }:
                return []; // "YUCS:" with no names
            case YamlSequenceNode seq:
                var result = new List<(string, int)>();
                for (var i = 0; i < seq.Children.Count; i++)
                {
                    var child = seq.Children[i];
                    if (child is not YamlScalarNode { Value: not null } s)
                    {
                        throw new InputException(file, $"{code}[{i}]", (int)child.Start.Line, "expected a name (a single value), not a list or mapping");
                    }

                    result.Add((s.Value, (int)s.Start.Line));
                }

                return result;
            default:
                throw new InputException(file, code, (int)value.Start.Line, "expected a list of names");
        }
    }

    /// <summary>
    /// The matching key: case-folded, diacritics removed (NFD, nonspacing marks dropped), punctuation, symbols
    /// and runs of white space as one space, trimmed, a leading "the " dropped. Null if the text is not valid
    /// Unicode (a lone surrogate).
    /// </summary>
    internal static string? Key(string text)
    {
        if (text.Length <= 128 && Ascii.IsValid(text))
        {
            Span<char> buffer = stackalloc char[text.Length];
            return AsciiKey(text, buffer).ToString();
        }

        string decomposed;
        try
        {
            decomposed = text.Normalize(NormalizationForm.FormD);
        }
        catch (ArgumentException)
        {
            return null;
        }

        var sb = new StringBuilder(decomposed.Length);
        Span<char> lower = stackalloc char[2];
        var pendingSpace = false;
        foreach (var rune in decomposed.EnumerateRunes())
        {
            switch (Rune.GetUnicodeCategory(rune))
            {
                case UnicodeCategory.NonSpacingMark or UnicodeCategory.EnclosingMark or UnicodeCategory.Format:
                    break; // diacritics; zero-width joiners
                case UnicodeCategory.ConnectorPunctuation or UnicodeCategory.DashPunctuation or UnicodeCategory.OpenPunctuation
                    or UnicodeCategory.ClosePunctuation or UnicodeCategory.InitialQuotePunctuation or UnicodeCategory.FinalQuotePunctuation
                    or UnicodeCategory.OtherPunctuation or UnicodeCategory.MathSymbol or UnicodeCategory.CurrencySymbol
                    or UnicodeCategory.ModifierSymbol or UnicodeCategory.OtherSymbol or UnicodeCategory.SpaceSeparator
                    or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator or UnicodeCategory.Control:
                    pendingSpace = sb.Length > 0;
                    break;
                default:
                    if (pendingSpace)
                    {
                        sb.Append(' ');
                        pendingSpace = false;
                    }

                    sb.Append(lower[..Rune.ToLowerInvariant(rune).EncodeToUtf16(lower)]);
                    break;
            }
        }

        var key = sb.ToString();
        return key.StartsWith("the ", StringComparison.Ordinal) ? key[4..] : key;
    }

    /// <summary><see cref="Key"/> for ASCII text, written into <paramref name="buffer"/> (at least as long as the text).</summary>
    private static ReadOnlySpan<char> AsciiKey(string text, Span<char> buffer)
    {
        var length = 0;
        var pendingSpace = false;
        foreach (var c in text)
        {
            if (char.IsAsciiLetterOrDigit(c))
            {
                if (pendingSpace)
                {
                    buffer[length++] = ' ';
                    pendingSpace = false;
                }

                buffer[length++] = char.ToLowerInvariant(c);
            }
            else
            {
                pendingSpace = length > 0; // punctuation, symbols, white space, control
            }
        }

        var key = buffer[..length];
        return key.StartsWith("the ", StringComparison.Ordinal) ? key[4..] : key;
    }
}
