using System.Text;
using AnyAscii;

namespace ComputeGate.Domain.Screening;

/// <summary>The writing system a name token was written in before transliteration to Latin.</summary>
public enum NameScript
{
    Latin,
    Han,
    Hangul,
    Kana,
    Cyrillic,
    Greek,
    Arabic,
    Hebrew,
    Thai,
    Other,
}

/// <summary>One token of a normalised name and the script it was written in.</summary>
public readonly record struct NameToken(string Text, NameScript Script);

/// <summary>
/// Splits a name in any script into lower-case ASCII tokens: AnyAscii transliterates every non-ASCII
/// character (Müller → muller, Газпром → gazprom, ß → ss, ﬁ → fi); letters and digits make tokens, every
/// other character separates them, apostrophes join (Xi'an → xian, O'Brien → obrien, and the ʿayn/hamza
/// marks AnyAscii writes for Arabic). Words written together are split where the writing shows the
/// seam: lower case to upper case (HuaweiTechnologies → huawei technologies), an upper-case run before a
/// capitalised word (ZAOSparta → zao sparta), letters to digits (Company766 → company 766). Names in
/// capitals keep their words together; the matcher joins adjacent tokens where that matches better.
/// </summary>
internal static class NameTokenizer
{
    public static List<NameToken> Tokenize(string text)
    {
        text = InvisibleCharacters.Strip(text);
        var tokens = new List<NameToken>(8);
        var word = new StringBuilder(32);
        var wordScript = NameScript.Latin;

        void Flush()
        {
            if (word.Length > 0)
            {
                tokens.Add(new NameToken(word.ToString(), wordScript));
                word.Clear();
                wordScript = NameScript.Latin;
            }
        }

        void Append(char c, NameScript script)
        {
            if (char.IsAsciiLetterOrDigit(c))
            {
                if (word.Length == 0 || script != NameScript.Latin)
                {
                    wordScript = script;
                }

                word.Append(char.ToLowerInvariant(c));
            }
            else if (c is not ('\'' or '`'))
            {
                Flush();
            }
        }

        // Runes decoded once (an ASCII name, the common case, is its chars).
        var runes = text.Length <= 256 ? stackalloc Rune[text.Length] : new Rune[text.Length];
        var count = 0;
        foreach (var decoded in text.EnumerateRunes())
        {
            runes[count++] = decoded;
        }

        runes = runes[..count];
        for (var r = 0; r < runes.Length; r++)
        {
            var rune = runes[r];
            if (r > 0 && IsSeam(runes[r - 1], rune, r + 1 < runes.Length ? runes[r + 1] : default))
            {
                Flush();
            }

            if (rune.IsAscii)
            {
                Append((char)rune.Value, NameScript.Latin);
                continue;
            }

            var script = ScriptOf(rune.Value);
            var latin = rune.ToString().Transliterate();
            if (script is NameScript.Han or NameScript.Hangul)
            {
                // AnyAscii writes each Han character (and each Hangul syllable block) as one capitalised
                // syllable and joins them (华为技术 → HuaWeiJiShu); one token per character keeps the
                // syllables apart (hua wei ji shu) so that they can be matched one by one or merged.
                Flush();
                foreach (var c in latin)
                {
                    Append(c, script);
                }

                Flush();
                continue;
            }

            foreach (var c in latin)
            {
                Append(c, script);
            }
        }

        Flush();
        return tokens;
    }

    private static bool IsSeam(Rune previous, Rune current, Rune next) =>
        (Rune.IsLower(previous) && Rune.IsUpper(current))
        || (Rune.IsUpper(previous) && Rune.IsUpper(current) && Rune.IsLower(next))
        || (Rune.IsLetter(previous) && Rune.IsDigit(current))
        || (Rune.IsDigit(previous) && Rune.IsLetter(current));

    /// <summary>
    /// The script of a code point, by Unicode block: only the scripts the matcher treats differently
    /// (.NET has no script property; ranges from the Unicode block list).
    /// </summary>
    public static NameScript ScriptOf(int cp) => cp switch
    {
        < 0x0370 => NameScript.Latin,
        <= 0x03FF => NameScript.Greek,
        <= 0x052F => NameScript.Cyrillic,
        >= 0x0590 and <= 0x05FF => NameScript.Hebrew,
        >= 0x0600 and <= 0x06FF => NameScript.Arabic,
        >= 0x0750 and <= 0x077F => NameScript.Arabic,
        >= 0x08A0 and <= 0x08FF => NameScript.Arabic,
        >= 0x0E00 and <= 0x0E7F => NameScript.Thai,
        >= 0x1100 and <= 0x11FF => NameScript.Hangul,
        >= 0x1C80 and <= 0x1C8F => NameScript.Cyrillic,
        >= 0x1E00 and <= 0x1EFF => NameScript.Latin,
        >= 0x1F00 and <= 0x1FFF => NameScript.Greek,
        >= 0x2DE0 and <= 0x2DFF => NameScript.Cyrillic,
        >= 0x3040 and <= 0x30FF => NameScript.Kana,
        >= 0x3130 and <= 0x318F => NameScript.Hangul,
        >= 0x31F0 and <= 0x31FF => NameScript.Kana,
        >= 0x3400 and <= 0x4DBF => NameScript.Han,
        >= 0x4E00 and <= 0x9FFF => NameScript.Han,
        >= 0xA640 and <= 0xA69F => NameScript.Cyrillic,
        >= 0xAC00 and <= 0xD7AF => NameScript.Hangul,
        >= 0xF900 and <= 0xFAFF => NameScript.Han,
        >= 0xFB1D and <= 0xFB4F => NameScript.Hebrew,
        >= 0xFB50 and <= 0xFDFF => NameScript.Arabic,
        >= 0xFE70 and <= 0xFEFF => NameScript.Arabic,
        >= 0xFF00 and <= 0xFFEF => NameScript.Latin, // full-width and half-width forms
        >= 0x20000 and <= 0x3134F => NameScript.Han,
        _ => NameScript.Other,
    };
}
