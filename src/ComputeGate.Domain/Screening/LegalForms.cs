using F23.StringSimilarity;

namespace ComputeGate.Domain.Screening;

/// <summary>
/// One organisation type of the OpenSanctions <c>org_types.yml</c> vocabulary (rigour): how it is shown
/// (<see cref="Display"/>), compared (<see cref="Compare"/>) and classed (<see cref="Generic"/>, e.g. LLC,
/// JSC), and every way it is written in names (<see cref="Aliases"/>: "Co., Ltd.", "coltd", "ООО", "有限公司").
/// </summary>
public sealed record OrgType(string? Display, string? Compare, string? Generic, IReadOnlyList<string> Aliases);

/// <summary>
/// The legal forms a <see cref="NameNormalizer"/> removes from organisation names ("Co., Ltd.", "GmbH",
/// "Limited", "ООО", "有限公司"), built from a vocabulary given as data (<see cref="Create"/>; the Law
/// adapter reads the OpenSanctions <c>org_types.yml</c> format). <see cref="None"/> removes nothing.
/// <para>
/// A form is recognised by its joined form (its tokens with the spaces taken out), over one or more
/// consecutive name tokens: "Co., Ltd.", "CO.,LTD", "coltd" and "Co Ltd" are all <c>coltd</c>; 有限公司
/// (you xian gong si) and the pinyin "Youxian Gongsi" are both <c>youxiangongsi</c>.
/// </para>
/// </summary>
public sealed class LegalForms
{
    /// <summary>
    /// Chinese legal forms, which org_types.yml lists only in part (it has 有限公司, 股份有限公司 and 有限):
    /// a short fixed list (company law of the PRC: limited liability company, company limited by shares,
    /// "company"). Matched through their pinyin, so "Youxian Gongsi" and "Gufen Youxian Gongsi" go too.
    /// </summary>
    public static readonly IReadOnlyList<string> ChineseForms = ["股份有限公司", "有限责任公司", "有限責任公司", "有限公司", "公司"];

    /// <summary>No legal forms: nothing is removed.</summary>
    public static LegalForms None { get; } = new([], [], 0, 0);

    private const int MinFuzzyWordLength = 5;

    // Joined form → how it is shown in explanations (the vocabulary's display form).
    private readonly Dictionary<string, string> _forms;

    // Every prefix of every joined form, so a scan stops as soon as no form can start there.
    private readonly HashSet<string> _prefixes;
    private readonly Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> _formLookup;
    private readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> _prefixLookup;

    // The words of the forms (5 letters or more), and each of them with one letter deleted → the word
    // (null when two words share a variant), to recognise a form written with one typo ("Lmited",
    // "Joint Stobck Company"): org_types.yml itself lists such misspellings ("Limitd", "Public Limitted Company").
    private readonly HashSet<string> _words = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string?> _oneDeleted = new(StringComparer.Ordinal);

    private LegalForms(Dictionary<string, string> forms, IEnumerable<string> words, int typeCount, int maxLength)
    {
        _forms = forms;
        foreach (var word in words.Where(w => w.Length >= MinFuzzyWordLength))
        {
            _words.Add(word);
        }

        foreach (var word in _words)
        {
            for (var i = 0; i < word.Length; i++)
            {
                var variant = word.Remove(i, 1);
                _oneDeleted[variant] = _oneDeleted.TryGetValue(variant, out var other) && other != word ? null : word;
            }
        }

        _prefixes = new HashSet<string>(StringComparer.Ordinal);
        foreach (var form in forms.Keys)
        {
            for (var i = 1; i <= form.Length; i++)
            {
                _prefixes.Add(form[..i]);
            }
        }

        _formLookup = _forms.GetAlternateLookup<ReadOnlySpan<char>>();
        _prefixLookup = _prefixes.GetAlternateLookup<ReadOnlySpan<char>>();
        TypeCount = typeCount;
        MaxJoinedLength = maxLength;
    }

    /// <summary>How many organisation types the vocabulary had.</summary>
    public int TypeCount { get; }

    /// <summary>How many distinct joined forms are recognised.</summary>
    public int FormCount => _forms.Count;

    private int MaxJoinedLength { get; }

    /// <summary>
    /// Builds the legal forms from a vocabulary. Aliases are normalised like names (transliterated, lower
    /// case, punctuation out). Single letters are left out: in names they are initials far more often
    /// than legal forms (org_types.yml lists "A", "E", "P"...). <paramref name="includeChineseForms"/> adds
    /// <see cref="ChineseForms"/>.
    /// </summary>
    public static LegalForms Create(IEnumerable<OrgType> types, bool includeChineseForms = true)
    {
        ArgumentNullException.ThrowIfNull(types);
        var forms = new Dictionary<string, string>(StringComparer.Ordinal);
        var words = new HashSet<string>(StringComparer.Ordinal);
        var count = 0;

        void Add(string alias, string display)
        {
            var tokens = NameTokenizer.Tokenize(alias);
            var joined = string.Concat(tokens.Select(t => t.Text));
            if (joined.Length >= 2)
            {
                forms.TryAdd(joined, display);
                words.UnionWith(tokens.Select(t => t.Text));
            }
        }

        foreach (var type in types)
        {
            count++;
            foreach (var alias in type.Aliases)
            {
                Add(alias, type.Display ?? type.Compare ?? alias);
            }
        }

        if (includeChineseForms)
        {
            foreach (var form in ChineseForms)
            {
                Add(form, form);
            }
        }

        return new LegalForms(forms, words, count, forms.Keys.Select(k => k.Length).DefaultIfEmpty(0).Max());
    }

    /// <summary>Whether the joined form of these tokens is a legal form.</summary>
    public bool IsLegalForm(string text) =>
        _forms.ContainsKey(string.Concat(NameTokenizer.Tokenize(text).Select(t => t.Text)));

    /// <summary>
    /// The legal forms in a token list, left to right, longest first at each position: (start, token count).
    /// A word of a form written with one typo counts as the word.
    /// </summary>
    internal List<(int Start, int Length)> Find(IReadOnlyList<NameToken> tokens)
    {
        var found = new List<(int, int)>();
        if (_forms.Count == 0)
        {
            return found;
        }

        var texts = new string[tokens.Count];
        for (var t = 0; t < tokens.Count; t++)
        {
            texts[t] = Correct(tokens[t].Text);
        }

        Span<char> buffer = stackalloc char[MaxJoinedLength];
        var i = 0;
        while (i < tokens.Count)
        {
            var best = 0;
            var length = 0;
            for (var n = 1; i + n <= tokens.Count; n++)
            {
                var text = texts[i + n - 1];
                if (length + text.Length > buffer.Length)
                {
                    break;
                }

                text.AsSpan().CopyTo(buffer[length..]);
                length += text.Length;
                var joined = buffer[..length];
                if (!_prefixLookup.Contains(joined))
                {
                    break;
                }

                if (_formLookup.ContainsKey(joined))
                {
                    best = n;
                }
            }

            if (best > 0)
            {
                found.Add((i, best));
                i += best;
            }
            else
            {
                i++;
            }
        }

        return found;
    }

    /// <summary>
    /// The word of a form this token is one edit (insertion, deletion, substitution, swap) away from, a
    /// word that is a form by itself first ("limtted": "limted" rather than the "limitted" of "Public
    /// Limitted Company"); else the token.
    /// </summary>
    private string Correct(string token)
    {
        if (token.Length < MinFuzzyWordLength - 1 || _words.Count == 0 || _words.Contains(token))
        {
            return token;
        }

        string? best = null;
        bool Consider(string? word)
        {
            if (word is null)
            {
                return false;
            }

            best ??= word;
            if (_forms.ContainsKey(word))
            {
                best = word;
                return true;
            }

            return false;
        }

        // The token is a word less one letter.
        if (_oneDeleted.TryGetValue(token, out var shorter) && Consider(shorter))
        {
            return best!;
        }

        for (var i = 0; i < token.Length; i++)
        {
            var variant = token.Remove(i, 1);

            // The token is a word plus one letter; or the token and a word differ by one letter or a swap.
            if ((_words.Contains(variant) && Consider(variant))
                || (_oneDeleted.TryGetValue(variant, out var word) && word is not null && EditDistance.Osa(token, word) <= 1 && Consider(word)))
            {
                return best!;
            }
        }

        return best ?? token;
    }
}
