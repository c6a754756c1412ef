using System.Globalization;
using System.Text;

namespace ComputeGate.Domain.Parties;

/// <summary>
/// Normalises a party name for exact comparison: case, diacritics, punctuation and whitespace are
/// ignored, and a trailing legal form ("Co., Ltd.", "Company Limited", "GmbH", "Inc.", "有限公司") is
/// dropped. "HUAWEI TECHNOLOGIES CO., LTD." and "Huawei Technologies Company Limited" give the same key.
/// The legal forms here are a short built-in list; the screening issue replaces them with the
/// OpenSanctions org_types vocabulary loaded with the lists.
/// </summary>
public static class PartyName
{
    // Trailing legal forms, compared as " form" suffixes of the normalised text; removed repeatedly, so
    // "Co., Ltd." goes as "ltd" then "co". Longer forms first.
    private static readonly string[] LegalForms =
    [
        .. new[]
        {
            "public limited company", "company limited", "corporation limited", "private limited", "co limited", "co ltd", "pte ltd", "pvt ltd",
            "sdn bhd", "l l c", "s p a", "s a", "k k",
            "incorporated", "corporation", "limited", "company", "gmbh", "pjsc", "ojsc", "fzco",
            "ltd", "llc", "inc", "corp", "plc", "pte", "bhd", "llp", "srl", "spa", "jsc", "ooo", "oao", "zao", "fze",
            "co", "ag", "lp", "bv", "nv", "sa", "oy", "ab", "kk",
        }.Select(f => " " + f),
    ];

    private static readonly string[] CjkLegalForms = ["股份有限公司", "有限责任公司", "有限責任公司", "有限公司", "公司"];

    /// <summary>The comparison key; empty when nothing but a legal form or punctuation is left.</summary>
    public static string Key(string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return "";
        }

        // Invisible characters go first (they must neither split nor change a word); compatibility decomposition
        // separates diacritics from letters (é → e + ◌́) so they can be dropped.
        name = Screening.InvisibleCharacters.Strip(name);
        var decomposed = System.Text.Ascii.IsValid(name) ? name : name.Normalize(NormalizationForm.FormKD);
        var sb = new StringBuilder(decomposed.Length);
        var pendingSpace = false;
        foreach (var ch in decomposed)
        {
            // ASCII is decided without a Unicode category lookup; combining marks (the diacritics) are dropped.
            var mark = ch >= 128 && CharUnicodeInfo.GetUnicodeCategory(ch) is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark;
            if (mark)
            {
                continue;
            }

            if (ch < 128 ? char.IsAsciiLetterOrDigit(ch) : char.IsLetterOrDigit(ch))
            {
                if (pendingSpace && sb.Length > 0)
                {
                    sb.Append(' ');
                }

                pendingSpace = false;
                sb.Append(char.ToLowerInvariant(ch));
            }
            else
            {
                pendingSpace = true;
            }
        }

        var text = sb.ToString();
        foreach (var form in CjkLegalForms)
        {
            if (text.Length > form.Length && text.EndsWith(form, StringComparison.Ordinal))
            {
                text = text[..^form.Length].TrimEnd();
                break;
            }
        }

        if (text.StartsWith("the ", StringComparison.Ordinal) && text.Length > 4)
        {
            text = text[4..];
        }

        var removed = true;
        while (removed)
        {
            removed = false;
            foreach (var form in LegalForms)
            {
                // Keep at least one word: "Company" alone stays "company".
                if (text.Length > form.Length && text.EndsWith(form, StringComparison.Ordinal))
                {
                    text = text[..^form.Length];
                    removed = true;
                    break;
                }
            }
        }

        return text;
    }
}
