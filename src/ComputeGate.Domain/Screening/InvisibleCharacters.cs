using System.Globalization;
using System.Text;

namespace ComputeGate.Domain.Screening;

/// <summary>
/// Characters that do not show and so can hide inside a listed name ("HUAWEI TECH&lt;U+200B&gt;NOLOGIES", a soft
/// hyphen, NUL, a byte-order mark, bidi controls): removed before names are compared, exactly or fuzzily, so they
/// neither split a word nor change it. Removed: every format character (Unicode category Cf: U+00AD, U+200B–U+200F,
/// U+202A–U+202E, U+2060–U+2064, U+2066–U+2069, U+FEFF, the tag characters U+E0001–U+E007F, …), every control character that is not whitespace (NUL and the
/// other C0/C1 controls; tab and line breaks stay separators), the combining grapheme joiner U+034F and the variation
/// selectors (U+FE00–U+FE0F, U+E0100–U+E01EF). The categories are .NET's Unicode data (no table of our own). Homoglyphs (a Cyrillic "А"
/// for a Latin "A") are a different matter, not handled here.
/// </summary>
public static class InvisibleCharacters
{
    public static bool IsInvisible(Rune r) =>
        r.Value is 0x034F or (>= 0xFE00 and <= 0xFE0F) or (>= 0xE0100 and <= 0xE01EF)
        || Rune.GetUnicodeCategory(r) is UnicodeCategory.Format
        || (Rune.GetUnicodeCategory(r) is UnicodeCategory.Control && !Rune.IsWhiteSpace(r));

    /// <summary>The text without its invisible characters (the same string when it has none).</summary>
    public static string Strip(string text)
    {
        if (text.AsSpan().IndexOfAnyExcept(Visible) < 0)
        {
            return text;
        }

        var sb = new StringBuilder(text.Length);
        foreach (var r in text.EnumerateRunes())
        {
            if (!IsInvisible(r))
            {
                sb.Append(r.ToString());
            }
        }

        return sb.Length == text.Length ? text : sb.ToString();
    }

    // Printable ASCII and the whitespace controls: the common case, checked with one vectorised scan.
    private static readonly System.Buffers.SearchValues<char> Visible =
        System.Buffers.SearchValues.Create("\t\n\v\f\r !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~");
}
