using System.Globalization;
using System.Text;
using F23.StringSimilarity;

namespace ComputeGate.Domain.Screening;

/// <summary>
/// How a query name is scored against one listed name (stage 2 of <see cref="ScreeningIndex"/>).
/// <list type="bullet">
/// <item>Tokens are aligned one to one, best pair first: Jaro-Winkler of the two tokens (pairs under
/// <see cref="MinTokenSimilarity"/> do not align), or of a run of adjacent tokens joined against one token
/// on the other side (hua wei = huawei, HuaweiTechnologies = huawei technologies). Order does not count.</item>
/// <item>Each token weighs its rarity over the index: idf² (idf = ln(1 + names / names with the token)),
/// so "huawei" outweighs "technologies" and "company" by far. The token score is the weight of the
/// aligned tokens, times their similarity, over the weight of all tokens on both sides.</item>
/// <item>The joined-form similarity (Levenshtein over the tokens joined without spaces) may lift the
/// score: <c>max(token, 0.8 token + 0.2 joined)</c>; it never lowers it (word order).</item>
/// <item>Han (and Hangul) queries: pinyin transliterates sounds, it does not translate the generic
/// words (技术 "ji shu" = technology, 国际 "guo ji" = international), and Chinese short names drop them
/// (中芯国际 for 中芯国际集成电路制造有限公司). When at least two syllables align, the last
/// <see cref="HanGenericSyllables"/> unaligned syllables after the last aligned one (one generic word)
/// weigh <see cref="HanUntranslatedFactor"/>, and when every other query token aligned, the listed tokens
/// left over weigh <see cref="HanShortNameFactor"/>. Any other unaligned syllable weighs in full
/// (北京小米科技: xiao mi is not a generic word and keeps "Beijing ..." entries apart).</item>
/// <item>Tokens transliterated from Arabic, Hebrew or Thai, which AnyAscii writes without short vowels
/// (محمد → mhmd), also compare by consonant skeleton (mohamed → mhmd).</item>
/// </list>
/// </summary>
public static class NameScoring
{
    /// <summary>Token pairs less similar than this (Jaro-Winkler) do not align: zhipu/zhiyuan 0.85 stays apart.</summary>
    public const double MinTokenSimilarity = 0.87;

    /// <summary>The rarity weight is idf to this power: generic words ("technology", "company") weigh little.</summary>
    public const double WeightExponent = 2;

    /// <summary>How much the joined-form similarity can contribute (it only ever raises the score).</summary>
    public const double JoinedWeight = 0.2;

    public const double CountryBonus = 0.03;
    public const double CountryPenalty = 0.05;

    /// <summary>The weight factor of untranslated Han syllables that follow the aligned ones.</summary>
    public const double HanUntranslatedFactor = 0.05;

    /// <summary>The weight factor of listed tokens a Han short name leaves out.</summary>
    public const double HanShortNameFactor = 0.1;

    /// <summary>
    /// A run of tokens joined aligns with one token only this similar or more, by edits (1 − edits / length):
    /// a missing space, perhaps with one typo (huaweitechnolgies), not a different word (zhong xin ≠ zhongkexin).
    /// </summary>
    public const double MinRunSimilarity = 0.9;

    /// <summary>At most this many untranslated Han syllables at the end of a query are discounted (one generic word: 技术, 科技, 国际).</summary>
    public const int HanGenericSyllables = 2;

    /// <summary>
    /// The similarity of a token and a longer one it begins (an abbreviation: corp / corporation), when it
    /// has <see cref="MinAbbreviation"/> letters or more; just above <see cref="MinTokenSimilarity"/>, so an
    /// abbreviation aligns but never counts as the word (alphabet / alpha stays apart from a full match).
    /// </summary>
    public const double AbbreviationSimilarity = 0.88;

    public const int MinAbbreviation = 4;

    /// <summary>The similarity of two tokens one edit apart when the longer has five letters or more (a typo).</summary>
    public const double OneTypoSimilarity = 0.9;

    /// <summary>
    /// The factor on the score when the listed name's rarest token is missing from the query while the query
    /// has a token of its own instead: a substitution of the key word ("Institute of Physics Named After
    /// P.N. Lebedev ..." with another name for Lebedev) is a different party however long the rest.
    /// </summary>
    public const double KeyTokenMismatchFactor = 0.92;

    /// <summary>The weight of a skeleton-only (consonant) token match.</summary>
    public const double SkeletonSimilarity = 0.95;

    internal const int MaxRun = 4;

    /// <summary>Tokens shorter than this pay a penalty per edit in <see cref="TokenSimilarity"/>.</summary>
    public const int ShortToken = 8;

    private static readonly JaroWinkler JaroWinkler = new();

    public static double Idf(int names, int withFeature) => Math.Log(1 + (double)names / Math.Max(withFeature, 1));

    public static double Weight(int names, int withToken) => Math.Pow(Idf(names, withToken), WeightExponent);

    /// <summary>The consonants of a token, doubled letters once (mohamed → mhmd, hassan → hsn, abdullah → bdlh).</summary>
    public static string Skeleton(string token)
    {
        var sb = new StringBuilder(token.Length);
        foreach (var c in token)
        {
            if ("aeiouyw".Contains(c, StringComparison.Ordinal) || (sb.Length > 0 && sb[^1] == c))
            {
                continue;
            }

            sb.Append(c);
        }

        return sb.ToString();
    }

    internal sealed record Alignment(double Score, IReadOnlyList<string> Pairs, IReadOnlyList<string> UnmatchedQuery, IReadOnlyList<string> UnmatchedEntry, string? HanNote, string? KeyTokenMissing);

    private readonly record struct Pair(int Q, int QLength, int E, int ELength, double Similarity, PairNote Note);

    /// <summary>Per-thread buffers of <see cref="Align"/> (it runs for every candidate name).</summary>
    private sealed class AlignScratch
    {
        public List<Pair> Pairs { get; } = new(64);
        public List<Pair> Accepted { get; } = new(16);
        public bool[] QueryUsed { get; set; } = new bool[16];
        public bool[] EntryUsed { get; set; } = new bool[16];
    }

    [ThreadStatic]
    private static AlignScratch? t_align;

    private static readonly Comparison<Pair> BestFirst = (a, b) =>
    {
        // Best pairs first; on a tie the pair covering more tokens, then by position (deterministic).
        var c = b.Similarity.CompareTo(a.Similarity);
        if (c == 0)
        {
            c = (b.QLength + b.ELength).CompareTo(a.QLength + a.ELength);
        }

        if (c == 0)
        {
            c = a.Q.CompareTo(b.Q);
        }

        if (c == 0)
        {
            c = a.E.CompareTo(b.E);
        }

        return c == 0 ? a.QLength.CompareTo(b.QLength) : c;
    };

    /// <summary>
    /// Aligns the query with one listed name (its token ids, texts and weights come from the index) and
    /// scores it. The pairs come from <paramref name="marks"/>: the listed tokens each query token or run
    /// aligns with (found once per query in the vocabulary), and the listed tokens a query token begins
    /// with, where a run of listed tokens may make up the query token. Only with <paramref name="explain"/>
    /// are the pairs and unmatched tokens written out as text.
    /// </summary>
    internal static (double Score, string? KeyTokenMissing, Alignment? Explained) Align(
        ScreeningIndex.QueryView q, ReadOnlySpan<int> entry, Vocabulary vocabulary, float[] tokenWeight, double unknownWeight, QueryMarks marks, bool explain)
    {
        var scratch = t_align ??= new AlignScratch();
        var pairs = scratch.Pairs;
        pairs.Clear();
        for (var j = 0; j < entry.Length; j++)
        {
            for (var m = marks.First(entry[j]); m >= 0; m = marks.Next(m))
            {
                var mark = marks[m];
                if (mark.QLength > 0)
                {
                    pairs.Add(new Pair(mark.Q, mark.QLength, j, 1, mark.Similarity, mark.Note));
                    continue;
                }

                // One query token against a run of listed tokens (huaweitechnologies → huawei technologies).
                var qt = q.Text[mark.Q];
                var run = vocabulary[entry[j]];
                for (var k = 1; k < MaxRun && j + k < entry.Length; k++)
                {
                    run += vocabulary[entry[j + k]];
                    if (run.Length > qt.Length + 2)
                    {
                        break;
                    }

                    var r = RunSimilarity(qt, run);
                    if (r >= MinRunSimilarity)
                    {
                        pairs.Add(new Pair(mark.Q, 1, j, k + 1, r, PairNote.Joined));
                    }
                }
            }
        }

        pairs.Sort(BestFirst);
        if (scratch.QueryUsed.Length < q.Count)
        {
            scratch.QueryUsed = new bool[q.Count * 2];
        }

        if (scratch.EntryUsed.Length < entry.Length)
        {
            scratch.EntryUsed = new bool[entry.Length * 2];
        }

        var queryUsed = scratch.QueryUsed.AsSpan(0, q.Count);
        var entryUsed = scratch.EntryUsed.AsSpan(0, entry.Length);
        queryUsed.Clear();
        entryUsed.Clear();
        var accepted = scratch.Accepted;
        accepted.Clear();
        foreach (var p in pairs)
        {
            if (!queryUsed.Slice(p.Q, p.QLength).Contains(true) && !entryUsed.Slice(p.E, p.ELength).Contains(true))
            {
                queryUsed.Slice(p.Q, p.QLength).Fill(true);
                entryUsed.Slice(p.E, p.ELength).Fill(true);
                accepted.Add(p);
            }
        }

        double matched = 0, total = 0;
        foreach (var p in accepted)
        {
            double we = 0, wq = 0;
            var known = true;
            for (var j = p.E; j < p.E + p.ELength; j++)
            {
                we += tokenWeight[entry[j]];
            }

            for (var i = p.Q; i < p.Q + p.QLength; i++)
            {
                known &= !double.IsNaN(q.Weight[i]);
                wq += double.IsNaN(q.Weight[i]) ? 0 : q.Weight[i];
            }

            // A query token the index does not know (a typo, a transliteration) weighs what it aligned to.
            if (!known)
            {
                wq = we;
            }

            matched += p.Similarity * (wq + we);
            total += wq + we;
        }

        // Han / Hangul: the last syllables after the aligned ones are an untranslated generic word (see the class remarks).
        static bool Syllabic(NameScript s) => s is NameScript.Han or NameScript.Hangul;
        int alignedSyllables = 0, lastAligned = -1;
        for (var i = 0; i < q.Count; i++)
        {
            if (queryUsed[i] && Syllabic(q.Scripts[i]))
            {
                alignedSyllables++;
                lastAligned = i;
            }
        }

        // The trailing discount goes to the last HanGenericSyllables unaligned syllables after the last aligned one.
        var trailingFrom = q.Count;
        if (alignedSyllables >= 2)
        {
            var taken = 0;
            for (var i = q.Count - 1; i > lastAligned && taken < HanGenericSyllables; i--)
            {
                if (!queryUsed[i] && Syllabic(q.Scripts[i]))
                {
                    taken++;
                    trailingFrom = i;
                }
            }
        }

        var unmatchedQueryCount = 0;
        for (var i = 0; i < q.Count; i++)
        {
            if (queryUsed[i])
            {
                continue;
            }

            var w = double.IsNaN(q.Weight[i]) ? unknownWeight : q.Weight[i];
            if (i >= trailingFrom && Syllabic(q.Scripts[i]))
            {
                w *= HanUntranslatedFactor;
            }
            else
            {
                unmatchedQueryCount++;
            }

            total += w;
        }

        var shortName = alignedSyllables >= 2 && unmatchedQueryCount == 0;
        var unmatchedEntryCount = 0;
        for (var j = 0; j < entry.Length; j++)
        {
            if (!entryUsed[j])
            {
                total += tokenWeight[entry[j]] * (shortName ? HanShortNameFactor : 1);
                unmatchedEntryCount++;
            }
        }

        // The rarest listed token replaced by another word (not merely left out).
        string? keyMissing = null;
        if (entry.Length > 1 && unmatchedQueryCount > 0)
        {
            var key = 0;
            for (var j = 1; j < entry.Length; j++)
            {
                key = tokenWeight[entry[j]] > tokenWeight[entry[key]] ? j : key;
            }

            keyMissing = entryUsed[key] ? null : vocabulary[entry[key]];
        }

        var score = total <= 0 ? 0 : matched / total;
        if (!explain)
        {
            return (score, keyMissing, null);
        }

        // Written out for the explanation only.
        var entryText = new string[entry.Length];
        for (var j = 0; j < entry.Length; j++)
        {
            entryText[j] = vocabulary[entry[j]];
        }

        var pairTexts = accepted.OrderBy(p => p.Q).Select(p => string.Create(CultureInfo.InvariantCulture,
            $"{string.Join(' ', q.Text.Skip(p.Q).Take(p.QLength))}={string.Join(' ', entryText.Skip(p.E).Take(p.ELength))} {p.Similarity:0.00}{(p.Note == PairNote.None ? "" : $" ({Describe(p.Note)})")}")).ToList();
        var unmatchedQuery = new List<string>();
        var untranslated = new List<string>();
        for (var i = 0; i < q.Count; i++)
        {
            if (!queryUsed[i])
            {
                (i >= trailingFrom && Syllabic(q.Scripts[i]) ? untranslated : unmatchedQuery).Add(q.Text[i]);
            }
        }

        var unmatchedEntry = new List<string>();
        for (var j = 0; j < entry.Length; j++)
        {
            if (!entryUsed[j])
            {
                unmatchedEntry.Add(entryText[j]);
            }
        }

        string? hanNote = null;
        if (untranslated.Count > 0 || (shortName && unmatchedEntry.Count > 0))
        {
            var parts = new List<string>();
            if (untranslated.Count > 0)
            {
                parts.Add(string.Create(CultureInfo.InvariantCulture, $"untranslated syllables {string.Join(' ', untranslated)} weigh x{HanUntranslatedFactor:0.00}"));
            }

            if (shortName && unmatchedEntry.Count > 0)
            {
                parts.Add(string.Create(CultureInfo.InvariantCulture, $"listed tokens left out by the short name ({string.Join(' ', unmatchedEntry)}) weigh x{HanShortNameFactor:0.00}"));
            }

            hanNote = "Han short name: " + string.Join("; ", parts);
        }

        return (score, keyMissing, new Alignment(score, pairTexts, unmatchedQuery, unmatchedEntry, hanNote, keyMissing));
    }

    private static string Describe(PairNote note) => note switch
    {
        PairNote.OneTypo => "one typo",
        PairNote.Abbreviation => "abbreviation",
        PairNote.Consonants => "consonants",
        PairNote.Joined => "joined",
        _ => "",
    };

    /// <summary>
    /// Jaro-Winkler, less a penalty for tokens under <see cref="ShortToken"/> letters, where one edit changes
    /// much more: the share of edits (optimal string alignment: a swap is one edit) times a tenth of the
    /// letters short (abb/abba 0.94 → 0.81, infosys/inforos 0.89 → 0.86, huawai/huawei 0.93 → 0.90).
    /// </summary>
    internal static double TokenSimilarity(string q, string e, bool vowelless, out PairNote note)
    {
        note = PairNote.None;
        if (string.Equals(q, e, StringComparison.Ordinal))
        {
            return 1;
        }

        var s = JaroWinkler.Similarity(q, e);
        var shortest = Math.Min(q.Length, e.Length);
        // The short-token penalty only lowers a score. Below MinTokenSimilarity the pair is dropped unless a rule
        // below raises it, and each of those sets a fixed score above MinTokenSimilarity whatever the penalty
        // was: so the penalty (an edit distance) is needed only when the pair could stand on its own.
        if (shortest < ShortToken && s >= MinTokenSimilarity)
        {
            s -= (double)EditDistance.Osa(q, e) / Math.Max(q.Length, e.Length) * (ShortToken - shortest) / 10;
        }

        // One typo in a word of five letters or more (hakim / hakiw, group / gruop, kapil / kpil).
        // (One edit changes the length by at most one: checked first, it spares the distance on most pairs.)
        if (shortest >= 4 && Math.Max(q.Length, e.Length) >= 5 && s < OneTypoSimilarity && Math.Abs(q.Length - e.Length) <= 1 && EditDistance.Osa(q, e) <= 1)
        {
            s = OneTypoSimilarity;
            note = PairNote.OneTypo;
        }

        // An abbreviation: corp / corporation, tech / technologies, mfg is not one (not a prefix).
        if (shortest >= MinAbbreviation && s < AbbreviationSimilarity
            && (q.Length < e.Length ? e.StartsWith(q, StringComparison.Ordinal) : q.StartsWith(e, StringComparison.Ordinal)))
        {
            s = AbbreviationSimilarity;
            note = PairNote.Abbreviation;
        }

        if (vowelless && s < SkeletonSimilarity)
        {
            var sq = Skeleton(q);
            if (sq.Length > 0 && string.Equals(sq, Skeleton(e), StringComparison.Ordinal))
            {
                s = SkeletonSimilarity;
                note = PairNote.Consonants;
            }
        }

        return s;
    }

    internal static double RunSimilarity(string a, string b)
    {
        // The edit distance is at least the length difference: when that bound already falls short of a
        // run's minimum, return it (callers drop such runs) and spare the distance.
        var longest = Math.Max(a.Length, b.Length);
        var bound = 1 - ((double)Math.Abs(a.Length - b.Length) / longest);
        return bound < MinRunSimilarity ? bound : 1 - ((double)EditDistance.Osa(a, b) / longest);
    }

}
