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
    // Multi-word forms first: the longest trailing match is removed, repeatedly ("Co., Ltd." = "co" + "ltd").
    private static readonly string[][] LegalForms =
    [
        .. new[]
        {
            "company limited", "co limited", "co ltd", "corporation limited", "pte ltd", "pvt ltd", "private limited",
            "sdn bhd", "l l c", "s a", "s p a", "k k", "public limited company",
            "limited", "ltd", "llc", "inc", "incorporated", "corp", "corporation", "co", "company", "gmbh", "ag", "plc",
            "pte", "bhd", "llp", "lp", "bv", "nv", "srl", "spa", "sa", "oy", "ab", "kk", "jsc", "pjsc", "ojsc", "ooo", "oao", "zao", "fze", "fzco",
        }.Select(f => f.Split(' ')),
    ];

    private static readonly string[] CjkLegalForms = ["股份有限公司", "有限责任公司", "有限責任公司", "有限公司", "公司"];

    /// <summary>The comparison key; empty when nothing but a legal form or punctuation is left.</summary>
    public static string Key(string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return "";
        }

        var decomposed = name.Normalize(NormalizationForm.FormKD);
        var sb = new StringBuilder(decomposed.Length);
        var pendingSpace = false;
        foreach (var ch in decomposed)
        {
            var category = CharUnicodeInfo.GetUnicodeCategory(ch);
            if (category is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark)
            {
                continue;
            }

            if (char.IsLetterOrDigit(ch))
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

        var tokens = text.Split(' ', StringSplitOptions.RemoveEmptyEntries).ToList();
        if (tokens.Count > 0 && tokens[0] == "the")
        {
            tokens.RemoveAt(0);
        }

        var removed = true;
        while (removed && tokens.Count > 1)
        {
            removed = false;
            foreach (var form in LegalForms)
            {
                if (form.Length < tokens.Count && tokens.TakeLast(form.Length).SequenceEqual(form))
                {
                    tokens.RemoveRange(tokens.Count - form.Length, form.Length);
                    removed = true;
                    break;
                }
            }
        }

        return string.Join(' ', tokens);
    }
}
