namespace ComputeGate.Domain.Screening;

/// <summary>
/// A name reduced to what screening compares: lower-case ASCII tokens (any script transliterated), with
/// the legal forms taken out (<see cref="Tokens"/>) and as written (<see cref="AllTokens"/>: person names
/// keep every token, since "Ao" or "Sa" are given names as well as legal forms).
/// </summary>
public sealed class NormalizedName
{
    internal NormalizedName(string original, IReadOnlyList<NameToken> all, IReadOnlyList<NameToken> tokens, IReadOnlyList<string> legalFormsRemoved)
    {
        Original = original;
        AllNameTokens = all;
        NameTokens = tokens;
        Tokens = ReferenceEquals(tokens, all) ? Texts(all) : Texts(tokens);
        AllTokens = ReferenceEquals(tokens, all) ? Tokens : Texts(all);
        Joined = string.Concat(Tokens);
        LegalFormsRemoved = legalFormsRemoved;
        _transliterated = new(() => all.Select(t => t.Script).Where(s => s != NameScript.Latin).Distinct().Order().ToArray());
        _tokenSet = new(() => Tokens.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray());
    }

    // Computed when asked (the explanation and the exact Entity List check ask; most screened names are clear).
    private readonly Lazy<NameScript[]> _transliterated;
    private readonly Lazy<string[]> _tokenSet;

    private static string[] Texts(IReadOnlyList<NameToken> tokens)
    {
        var texts = new string[tokens.Count];
        for (var i = 0; i < texts.Length; i++)
        {
            texts[i] = tokens[i].Text;
        }

        return texts;
    }

    public string Original { get; }

    /// <summary>The tokens, legal forms removed, in the order written.</summary>
    public IReadOnlyList<string> Tokens { get; }

    /// <summary>The tokens with the script each was written in.</summary>
    public IReadOnlyList<NameToken> NameTokens { get; }

    /// <summary>Every token, legal forms included.</summary>
    public IReadOnlyList<string> AllTokens { get; }

    public IReadOnlyList<NameToken> AllNameTokens { get; }

    /// <summary>
    /// The distinct tokens in ordinal order: the order-insensitive form, so "PUTIN, Vladimir" and
    /// "Vladimir Putin" compare equal (the matcher compares tokens as a set, never by position).
    /// </summary>
    public IReadOnlyList<string> TokenSet => _tokenSet.Value;

    /// <summary>The tokens joined without spaces, for "missing space" variants ("HuaweiTechnologies").</summary>
    public string Joined { get; }

    /// <summary>Each legal form removed, as its normalised tokens ("co ltd", "you xian gong si").</summary>
    public IReadOnlyList<string> LegalFormsRemoved { get; }

    /// <summary>The scripts other than Latin that were transliterated.</summary>
    public IReadOnlyList<NameScript> Transliterated => _transliterated.Value;

    public bool IsEmpty => AllTokens.Count == 0;

    public override string ToString() => string.Join(' ', Tokens);
}

/// <summary>
/// Normalises party names for screening: transliteration of any script to Latin (AnyAscii), case,
/// diacritics, punctuation and whitespace, Han characters one syllable per token (华为技术 → hua wei ji shu),
/// and legal forms removed with the vocabulary it is given (none when given none). Pure and thread-safe.
/// </summary>
public sealed class NameNormalizer
{
    public NameNormalizer(LegalForms? legalForms = null) => LegalForms = legalForms ?? LegalForms.None;

    public LegalForms LegalForms { get; }

    public NormalizedName Normalize(string? name)
    {
        var all = NameTokenizer.Tokenize(name ?? "");
        var found = LegalForms.Find(all);
        if (found.Count == 0 || found.Sum(f => f.Length) == all.Count)
        {
            // Nothing to remove, or nothing but legal forms: a name is never reduced to nothing.
            return new NormalizedName(name ?? "", all, all, []);
        }

        var kept = new List<NameToken>(all.Count);
        var removed = new List<string>(found.Count);
        var next = 0;
        foreach (var (start, length) in found)
        {
            kept.AddRange(all.Skip(next).Take(start - next));
            removed.Add(string.Join(' ', all.Skip(start).Take(length).Select(t => t.Text)));
            next = start + length;
        }

        kept.AddRange(all.Skip(next));
        return new NormalizedName(name ?? "", all, kept, removed);
    }
}
