using System.Globalization;
using F23.StringSimilarity;

namespace ComputeGate.Domain.Screening;

/// <summary>
/// An immutable, in-memory snapshot of restricted-party list names, screened in two stages (the
/// watchman / yente shape):
/// <list type="number">
/// <item>Candidates, token by token: each query token, and each run of adjacent query tokens, is looked
/// up once in the <see cref="Vocabulary"/> of listed tokens (exact, shared character bigrams, prefixes,
/// consonant skeletons; cached per text), which gives the listed tokens it can align with. The names
/// holding those tokens are gathered from the token postings, with the weight of their tokens that can
/// align and which query tokens can. From that, a bound on each name's score: the best it could reach if
/// every token that can align did so perfectly, with the rest counted against it. Names whose bound is
/// below the threshold are not scored: the result is the same as scoring them.</item>
/// <item>Scoring, per remaining name (see <see cref="NameScoring"/>): token-level Jaro-Winkler with
/// each token weighted by its rarity over the index, and a joined-form similarity; a country is a small
/// qualifier. The best name of each entry is its score.</item>
/// </list>
/// Phonetic keys (Double Metaphone and the like) are not used: no phonetic library restores from the
/// package feed this project builds with. The consonant skeleton stands in where it matters most, for
/// names transliterated from scripts that write no short vowels (Arabic, Hebrew).
/// <para>Thread-safe: built once, then only read. Names are stored as arrays of interned token ids.</para>
/// </summary>
public sealed class ScreeningIndex
{
    /// <summary>
    /// The score at or above which a name is a match: 0.85. Chosen on the labelled evaluation
    /// (tests/ComputeGate.Domain.Tests/ScreeningEvaluation.cs, seed 20260723: 300 Entity List names with
    /// case, punctuation, legal-form, word-order, one-typo, missing-space and alias variants, against 266
    /// near misses (the rarest token replaced) and 300 ordinary company names, over the BIS lists and the
    /// OFAC SDN and non-SDN names, about 43,000 names). At 0.85 recall is 99 % or more for every variant
    /// kind (typos 99.0 %, missing spaces 99.6 %, the rest 100 %) and 0.4 % of near misses and 1.0 % of
    /// ordinary names match. 0.80 finds nothing more and lets in 0.8 % and 4.0 %; 0.90 loses 1 % of the
    /// legal-form variants for 0.3 % fewer false alarms; 0.95 loses a tenth of the typos. Screening
    /// prefers an alarm a person clears to a miss, so the lowest threshold past which recall stops rising.
    /// </summary>
    public const double DefaultThreshold = 0.85;

    private static readonly NormalizedLevenshtein Levenshtein = new();

    private readonly ListEntry[] _entries;

    // Names: entry, the name as listed, its token ids (CSR: _tokenStart[n].._tokenStart[n+1]), joined form,
    // the sum of its token weights, whether it is scored with the person view of a query.
    private readonly int[] _nameEntry;
    private readonly EntryName[] _names;
    private readonly int[] _tokenStart;
    private readonly int[] _nameTokens;
    private readonly string[] _joined;
    private readonly float[] _nameWeight;
    private readonly bool[] _personName;

    // Vocabulary: interned token text, rarity weight; token → names (distinct, for the frequencies) and
    // token → names once per occurrence (for the bound).
    private readonly Dictionary<string, int> _vocabulary;
    private readonly Vocabulary _search;
    private readonly float[] _tokenWeight;
    private readonly float _unknownTokenWeight;
    private readonly Postings _tokenPostings;
    private readonly Postings _occurrences;

    // (token, which letter of the next token: 0 first / 1 second, that letter) → the names where it follows the token.
    private readonly Dictionary<long, int[]> _followers;

    private ScreeningIndex(
        NameNormalizer normalizer,
        ListEntry[] entries,
        int[] nameEntry,
        EntryName[] names,
        int[] tokenStart,
        int[] nameTokens,
        string[] joined,
        Dictionary<string, int> vocabulary,
        string[] tokenText)
    {
        Normalizer = normalizer;
        _entries = entries;
        _nameEntry = nameEntry;
        _names = names;
        _tokenStart = tokenStart;
        _nameTokens = nameTokens;
        _joined = joined;
        _vocabulary = vocabulary;
        _search = new Vocabulary(tokenText, vocabulary);

        var nameCount = names.Length;
        _tokenPostings = Postings.Build(tokenText.Length, nameCount, n => Distinct(TokenIds(n)));
        _occurrences = Postings.Build(tokenText.Length, nameCount, TokenIds);
        _tokenWeight = new float[tokenText.Length];
        for (var t = 0; t < tokenText.Length; t++)
        {
            _tokenWeight[t] = (float)NameScoring.Weight(nameCount, _tokenPostings.Count(t));
        }

        _unknownTokenWeight = (float)NameScoring.Weight(nameCount, 1);
        _nameWeight = new float[nameCount];
        _personName = new bool[nameCount];
        for (var n = 0; n < nameCount; n++)
        {
            foreach (var t in TokenIds(n))
            {
                _nameWeight[n] += _tokenWeight[t];
            }

            _personName[n] = entries[nameEntry[n]].Kind == PartyKind.Individual;
        }

        var followers = new Dictionary<long, HashSet<int>>();
        for (var n = 0; n < nameCount; n++)
        {
            for (var p = tokenStart[n]; p + 1 < tokenStart[n + 1]; p++)
            {
                var next = tokenText[nameTokens[p + 1]];
                for (var which = 0; which < Math.Min(2, next.Length); which++)
                {
                    var key = FollowerKey(nameTokens[p], which, next[which]);
                    if (!followers.TryGetValue(key, out var following))
                    {
                        followers[key] = following = [];
                    }

                    following.Add(n);
                }
            }
        }

        _followers = followers.ToDictionary(f => f.Key, f => f.Value.ToArray());
    }

    public NameNormalizer Normalizer { get; }

    public int EntryCount => _entries.Length;

    /// <summary>Distinct normalised names (primary names and aliases) indexed.</summary>
    public int NameCount => _names.Length;

    /// <summary>Distinct tokens over all names.</summary>
    public int TokenCount => _search.Count;

    /// <summary>Every listed name of every <paramref name="step"/>-th entry, as listed (for benchmarks and evaluations).</summary>
    public IReadOnlyList<string> SampleNames(int step)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(step);
        var sample = new List<string>();
        for (var n = 0; n < _names.Length; n++)
        {
            if (_nameEntry[n] % step == 0)
            {
                sample.Add(_names[n].Name);
            }
        }

        return sample;
    }

    /// <summary>
    /// Searches every listed token's similar tokens now (on every core) rather than when a query first
    /// holds it: for an index that screens many names (a batch, the server), so no query pays for a cold
    /// token. Results are the same either way. Returns the index.
    /// </summary>
    public ScreeningIndex Prepare()
    {
        _search.Prepare();
        return this;
    }

    /// <summary>How many indexed names have this normalised token (0 when none has).</summary>
    public int TokenFrequency(string token) => _vocabulary.TryGetValue(token, out var id) ? _tokenPostings.Count(id) : 0;

    /// <summary>
    /// Indexes every name and alias of the entries. Person names keep their legal-form-like tokens; other
    /// names lose their legal forms (with the normaliser's vocabulary). Names that normalise to nothing
    /// and repeated names of one entry are left out.
    /// </summary>
    public static ScreeningIndex Build(IEnumerable<ListEntry> entries, NameNormalizer normalizer)
    {
        ArgumentNullException.ThrowIfNull(entries);
        ArgumentNullException.ThrowIfNull(normalizer);
        var entryArray = entries.ToArray();
        var vocabulary = new Dictionary<string, int>(StringComparer.Ordinal);
        var tokenText = new List<string>();
        var nameEntry = new List<int>();
        var names = new List<EntryName>();
        var tokenStart = new List<int> { 0 };
        var nameTokens = new List<int>();
        var joined = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var e = 0; e < entryArray.Length; e++)
        {
            seen.Clear();
            var entry = entryArray[e];
            foreach (var name in entry.Names)
            {
                var normalized = normalizer.Normalize(name.Name);
                var tokens = entry.Kind == PartyKind.Individual ? normalized.AllTokens : normalized.Tokens;
                if (tokens.Count == 0 || !seen.Add(string.Join(' ', tokens)))
                {
                    continue;
                }

                foreach (var token in tokens)
                {
                    if (!vocabulary.TryGetValue(token, out var id))
                    {
                        id = tokenText.Count;
                        vocabulary[token] = id;
                        tokenText.Add(token);
                    }

                    nameTokens.Add(id);
                }

                tokenStart.Add(nameTokens.Count);
                nameEntry.Add(e);
                names.Add(name);
                joined.Add(string.Concat(tokens));
            }
        }

        return new ScreeningIndex(normalizer, entryArray, [.. nameEntry], [.. names], [.. tokenStart], [.. nameTokens], [.. joined], vocabulary, [.. tokenText]);
    }

    /// <summary>
    /// The entries whose best name scores at or above <paramref name="threshold"/> against
    /// <paramref name="name"/>, best first (ties by list and entry id), at most <paramref name="max"/>.
    /// <paramref name="country"/> (as the entries record it, normally ISO 3166-1 alpha-2) qualifies the
    /// score a little: a small bonus when an entry lists it, a small penalty when the entry lists only
    /// other countries; never enough to make a poor name match.
    /// </summary>
    public IReadOnlyList<Match> Screen(string name, string? country = null, double threshold = DefaultThreshold, int max = 10)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(max);
        var query = Normalizer.Normalize(name);
        if (query.IsEmpty || max == 0 || _names.Length == 0)
        {
            return [];
        }

        // Organisations are compared without legal forms, people with every token ("Ao", "Sa" are names).
        var marks = t_marks ??= [new QueryMarks(), new QueryMarks()];
        var organisation = new QueryView(this, query, query.NameTokens, marks[0]);
        var person = ReferenceEquals(query.NameTokens, query.AllNameTokens) || query.AllNameTokens.Count == query.NameTokens.Count
            ? organisation
            : new QueryView(this, query, query.AllNameTokens, marks[1]);

        // The best name of each entry, by its name score (the country qualifier is the same for all its names).
        var best = t_best ??= [];
        best.Clear();
        var bonus = string.IsNullOrWhiteSpace(country) ? 0 : NameScoring.CountryBonus;
        foreach (var view in ReferenceEquals(organisation, person) ? [organisation] : new[] { organisation, person })
        {
            var views = ReferenceEquals(organisation, person) ? ViewFilter.All : view == person ? ViewFilter.People : ViewFilter.Others;
            foreach (var n in Candidates(view, views, threshold - bonus))
            {
                var (score, nameScore) = Score(view, n, country, explanation: null, threshold - bonus);
                if (score >= threshold && (!best.TryGetValue(_nameEntry[n], out var b) || nameScore > b.NameScore))
                {
                    best[_nameEntry[n]] = (score, nameScore, n);
                }
            }
        }

        return best
            .Where(b => b.Value.Score >= threshold)
            .OrderByDescending(b => b.Value.Score)
            .ThenByDescending(b => b.Value.NameScore)
            .ThenBy(b => _entries[b.Key].List, StringComparer.Ordinal)
            .ThenBy(b => _entries[b.Key].EntryId, StringComparer.Ordinal)
            .Take(max)
            .Select(b => ToMatch(b.Key, b.Value.Name, organisation, person, country))
            .ToList();
    }

    private Match ToMatch(int e, int n, QueryView organisation, QueryView person, string? country)
    {
        var entry = _entries[e];
        var view = entry.Kind == PartyKind.Individual ? person : organisation;
        var explanation = new List<MatchFeature>();
        var (score, _) = Score(view, n, country, explanation);
        return new Match(entry.List, entry.EntryId, entry.PrimaryName, _names[n].Name, score, explanation, entry);
    }

    // ---------------------------------------------------------------- stage 1: candidates

    [ThreadStatic]
    private static QueryMarks[]? t_marks;

    [ThreadStatic]
    private static Dictionary<int, (double Score, double NameScore, int Name)>? t_best;

    [ThreadStatic]
    private static Scratch? t_scratch;

    private enum ViewFilter
    {
        All,
        People,
        Others,
    }

    /// <summary>Per-thread buffers of the candidate stage, sized by the largest index seen.</summary>
    private sealed class Scratch(int names)
    {
        public byte[] State { get; } = new byte[names];
        public List<int> Touched { get; } = new(4096);
        public List<int> Result { get; } = new(256);
    }

    private const byte Touched = 1;
    private const byte Unbounded = 2;

    /// <summary>
    /// The names of the view's kind that may score at least <paramref name="floor"/> (the threshold less
    /// the country bonus a name could still gain), in no particular order. Marks the view's listed tokens
    /// on the way (<see cref="QueryView.Marks"/>), which <see cref="NameScoring.Align"/> reads.
    /// </summary>
    private List<int> Candidates(QueryView q, ViewFilter filter, double floor)
    {
        var marks = q.Marks;
        marks.Reset(_search.Count);
        Span<char> joined = stackalloc char[64];
        for (var i = 0; i < q.Count; i++)
        {
            var text = q.Text[i];
            var vowelless = q.Scripts[i] is NameScript.Arabic or NameScript.Hebrew or NameScript.Thai;
            foreach (var m in _search.Similar(text, vowelless))
            {
                marks.Add(m.Token, i, 1, m.Similarity, m.Note);
            }

            // A run of query tokens against one listed token (hua wei → huawei; i b m → ibm). Under LongRun letters a
            // run matches only itself (see Vocabulary.LongRun): looked up without building a string.
            var length = text.Length;
            var longFrom = 0;
            text.AsSpan(0, Math.Min(text.Length, joined.Length)).CopyTo(joined);
            for (var k = 1; k < NameScoring.MaxRun && i + k < q.Count; k++)
            {
                var next = q.Text[i + k];
                if (length + next.Length >= Vocabulary.LongRun || length + next.Length > joined.Length)
                {
                    longFrom = k;
                    break;
                }

                next.AsSpan().CopyTo(joined[length..]);
                length += next.Length;
                if (_search.TryGet(joined[..length], out var token))
                {
                    marks.Add(token, i, k + 1, 1f, PairNote.Joined);
                }
            }

            if (longFrom > 0)
            {
                var runs = new List<string>(NameScoring.MaxRun - 1);
                var run = text;
                for (var k = 1; k < NameScoring.MaxRun && i + k < q.Count; k++)
                {
                    run += q.Text[i + k];
                    if (k >= longFrom)
                    {
                        runs.Add(run);
                    }
                }

                foreach (var m in _search.JoinedRuns(text, runs))
                {
                    marks.Add(m.Token, i, m.QueryTokens + longFrom - 1, m.Similarity, m.Note);
                }
            }

            // A run of vowelless query tokens against one listed token by consonants (عبد الله: bd llh → abdullah).
            if (vowelless)
            {
                var run = text;
                for (var k = 1; k < NameScoring.MaxRun && i + k < q.Count && q.Scripts[i + k] == q.Scripts[i]; k++)
                {
                    run += q.Text[i + k];
                    foreach (var t in _search.WithSkeleton(NameScoring.Skeleton(run)))
                    {
                        marks.Add(t, i, k + 1, (float)NameScoring.SkeletonSimilarity, PairNote.Consonants);
                    }
                }
            }

            // A listed token the query token begins with: a run of listed tokens may make it up (huaweitechnologies).
            foreach (var t in _search.PrefixesOf(text))
            {
                marks.Add(t, i, 0, 0, PairNote.Joined);
            }
        }

        var scratch = t_scratch is { } reused && reused.State.Length >= _names.Length ? reused : t_scratch = new Scratch(_names.Length);
        var touched = scratch.Touched;
        touched.Clear();
        var bounded = q.Count <= 64 && floor > 0;
        var skipped = bounded ? Skippable(q, marks, floor) : 0UL;

        void Touch(int n, byte state)
        {
            if ((filter == ViewFilter.People && !_personName[n]) || (filter == ViewFilter.Others && _personName[n]))
            {
                return;
            }

            if (scratch.State[n] == 0)
            {
                touched.Add(n);
            }

            scratch.State[n] |= state;
        }

        foreach (var token in marks.Tokens)
        {
            // The names holding a listed token that a query token outside the skipped ones aligns with.
            var needed = false;
            for (var m = marks.First(token); m >= 0 && !needed; m = marks.Next(m))
            {
                needed = marks[m].QLength > 0 && (marks[m].Q >= 64 || (skipped & (1UL << marks[m].Q)) == 0);
            }

            if (needed)
            {
                foreach (var n in _occurrences.Of(token))
                {
                    Touch(n, bounded ? Touched : (byte)(Touched | Unbounded));
                }
            }

            // The names where a run of listed tokens starting with this one may make up a query token (one query
            // token then aligns with several listed ones; the bound counts them all).
            for (var m = marks.First(token); m >= 0; m = marks.Next(m))
            {
                if (marks[m].QLength == 0)
                {
                    foreach (var n in Followed(token, q.Text[marks[m].Q]))
                    {
                        if (MayMakeUp(q.Text[marks[m].Q], n, token))
                        {
                            Touch(n, bounded ? Touched : (byte)(Touched | Unbounded));
                        }
                    }
                }
            }
        }

        var result = scratch.Result;
        result.Clear();
        foreach (var n in touched)
        {
            if ((scratch.State[n] & Unbounded) != 0 || Bound(q, n) >= floor - 1e-4)
            {
                result.Add(n);
            }

            scratch.State[n] = 0;
        }

        return result;
    }

    /// <summary>
    /// The query tokens whose names need not be gathered (a bit per token): a name that only they align
    /// with cannot reach <paramref name="floor"/>. Each query token aligns with one listed token (or a run
    /// of query tokens with one), weighing at most the heaviest listed token it is marked with; the tokens
    /// left out all count against the name. The costliest tokens (the most names to visit: "trading",
    /// "international") are tried first. A query with a token no listed token resembles ("04711") skips
    /// every other: no name can reach the threshold without it.
    /// </summary>
    private ulong Skippable(QueryView q, QueryMarks marks, double floor)
    {
        var heaviest = new double[q.Count];
        var cost = new long[q.Count];
        var reach = new int[q.Count];
        for (var i = 0; i < q.Count; i++)
        {
            reach[i] = i;
        }

        foreach (var token in marks.Tokens)
        {
            for (var m = marks.First(token); m >= 0; m = marks.Next(m))
            {
                var mark = marks[m];
                if (mark.QLength > 0)
                {
                    heaviest[mark.Q] = Math.Max(heaviest[mark.Q], _tokenWeight[token]);
                    cost[mark.Q] += _occurrences.Count(token);
                    reach[mark.Q] = Math.Max(reach[mark.Q], mark.Q + mark.QLength - 1);
                }
            }
        }

        var order = Enumerable.Range(0, q.Count).OrderByDescending(i => cost[i]).ToArray();
        ulong skipped = 0;
        foreach (var candidate in order)
        {
            var trial = skipped | (1UL << candidate);
            double entrySide = 0, aligned = 0, unaligned = 0;
            ulong covered = 0;
            for (var i = 0; i < q.Count; i++)
            {
                if ((trial & (1UL << i)) != 0)
                {
                    entrySide += heaviest[i];
                    for (var j = i; j <= reach[i]; j++)
                    {
                        covered |= 1UL << j;
                    }
                }
            }

            var unknownCovered = false;
            for (var i = 0; i < q.Count; i++)
            {
                var unknown = double.IsNaN(q.Weight[i]);
                if ((covered & (1UL << i)) != 0)
                {
                    unknownCovered |= unknown;
                    aligned += unknown ? 0 : q.Weight[i];
                }
                else
                {
                    unaligned += (unknown ? _unknownTokenWeight : q.Weight[i]) * (q.Scripts[i] is NameScript.Han or NameScript.Hangul ? NameScoring.HanUntranslatedFactor : 1);
                }
            }

            // A pair with an unknown query token weighs its listed side twice (the query side takes the listed weight).
            aligned += entrySide * (unknownCovered ? 2 : 1);
            var tokens = aligned <= 0 ? 0 : aligned / (aligned + unaligned);
            if (((1 - NameScoring.JoinedWeight) * tokens) + NameScoring.JoinedWeight < floor - 1e-4)
            {
                skipped = trial;
            }
        }

        return skipped;
    }

    /// <summary>The names where <paramref name="token"/> is followed by a token that may continue <paramref name="queryToken"/> after it (see <see cref="Continues"/>).</summary>
    private IEnumerable<int> Followed(int token, string queryToken)
    {
        var at = _search[token].Length;
        if (at >= queryToken.Length)
        {
            yield break;
        }

        // Keys: the next token's first letter is the query's next (or the one after); its second letter is.
        // A query token under LongRun letters is made up only exactly: the next token's first letter is the next.
        var exact = queryToken.Length < Vocabulary.LongRun;
        for (var which = 0; which < (exact ? 1 : 2); which++)
        {
            for (var offset = 0; offset < (exact ? 1 : 2) && at + offset < queryToken.Length; offset++)
            {
                if (_followers.TryGetValue(FollowerKey(token, which, queryToken[at + offset]), out var names))
                {
                    foreach (var n in names)
                    {
                        yield return n;
                    }
                }
            }
        }
    }

    private static long FollowerKey(int token, int which, char c) => ((long)token << 17) | ((long)which << 16) | c;

    /// <summary>
    /// Whether a run of the name's tokens starting at <paramref name="token"/> may make up
    /// <paramref name="queryToken"/>, which begins with it (see <see cref="RunEnd"/>).
    /// </summary>
    private bool MayMakeUp(string queryToken, int n, int token)
    {
        var end = _tokenStart[n + 1];
        for (var p = _tokenStart[n]; p + 1 < end; p++)
        {
            if (_nameTokens[p] == token && RunEnd(queryToken, p, end) >= 0)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The last position of the longest run of listed tokens from <paramref name="p"/> (two to
    /// <see cref="NameScoring.MaxRun"/> tokens, within the name ending before <paramref name="end"/>) whose
    /// joined length may make up <paramref name="queryToken"/> (within two letters, as
    /// <see cref="NameScoring.Align"/> requires) and whose second token can continue it; -1 when none.
    /// </summary>
    private int RunEnd(string queryToken, int p, int end)
    {
        var length = _search[_nameTokens[p]].Length;
        if (p + 1 >= end || !Continues(queryToken, length, _search[_nameTokens[p + 1]]))
        {
            return -1;
        }

        if (queryToken.Length < Vocabulary.LongRun)
        {
            // Under LongRun letters only the exact joining makes it up (see Vocabulary.LongRun).
            var at = 0;
            for (var k = 0; k < NameScoring.MaxRun && p + k < end; k++)
            {
                var next = _search[_nameTokens[p + k]];
                if (at + next.Length > queryToken.Length || !queryToken.AsSpan(at, next.Length).SequenceEqual(next))
                {
                    return -1;
                }

                at += next.Length;
                if (at == queryToken.Length)
                {
                    return k >= 1 ? p + k : -1;
                }
            }

            return -1;
        }

        var last = -1;
        for (var k = 1; k < NameScoring.MaxRun && p + k < end; k++)
        {
            length += _search[_nameTokens[p + k]].Length;
            if (length > queryToken.Length + 2)
            {
                break;
            }

            if (length >= queryToken.Length * NameScoring.MinRunSimilarity)
            {
                last = p + k;
            }
        }

        return last;
    }

    /// <summary>
    /// Whether the listed token after the run's first one can continue the query token at <paramref name="at"/>
    /// within one edit at the seam: its first letter is the next one (or the one after, a letter dropped), or
    /// its second letter is (a letter added, or replaced).
    /// </summary>
    private static bool Continues(string queryToken, int at, string next)
    {
        if (at >= queryToken.Length)
        {
            return false;
        }

        return next[0] == queryToken[at]
            || (at + 1 < queryToken.Length && next[0] == queryToken[at + 1])
            || (next.Length > 1 && (next[1] == queryToken[at] || (at + 1 < queryToken.Length && next[1] == queryToken[at + 1])));
    }

    /// <summary>
    /// The most the name could score: every token that can align (its listed tokens marked by the query,
    /// the query tokens marking them) aligned with similarity 1, every other token counted against it (at
    /// the least weight the Han rules allow), and the joined forms identical. <see cref="NameScoring.Align"/>
    /// can only do worse.
    /// </summary>
    private double Bound(QueryView q, int n)
    {
        var marks = q.Marks;
        double alignable = 0;
        ulong mask = 0;
        var start = _tokenStart[n];
        var end = _tokenStart[n + 1];
        Span<bool> counted = stackalloc bool[Math.Min(end - start, 256)];
        if (end - start > counted.Length)
        {
            return 1;
        }

        for (var p = start; p < end; p++)
        {
            var token = _nameTokens[p];
            for (var m = marks.First(token); m >= 0; m = marks.Next(m))
            {
                var mark = marks[m];
                var last = p;
                if (mark.QLength == 0)
                {
                    // A run of listed tokens from here that may make up the query token: all of them may align with it.
                    last = RunEnd(q.Text[mark.Q], p, end);
                    if (last < 0)
                    {
                        continue;
                    }

                    mask |= 1UL << mark.Q;
                }
                else
                {
                    for (var i = mark.Q; i < mark.Q + mark.QLength; i++)
                    {
                        mask |= 1UL << i;
                    }
                }

                for (var r = p; r <= last; r++)
                {
                    if (!counted[r - start])
                    {
                        counted[r - start] = true;
                        alignable += _tokenWeight[_nameTokens[r]];
                    }
                }
            }
        }

        var aligned = alignable;
        var unknownAligned = false;
        double unaligned = 0;
        for (var i = 0; i < q.Count; i++)
        {
            if ((mask & (1UL << i)) != 0)
            {
                unknownAligned |= double.IsNaN(q.Weight[i]);
                aligned += double.IsNaN(q.Weight[i]) ? 0 : q.Weight[i];
            }
            else
            {
                var syllabic = q.Scripts[i] is NameScript.Han or NameScript.Hangul;
                unaligned += (double.IsNaN(q.Weight[i]) ? _unknownTokenWeight : q.Weight[i]) * (syllabic ? NameScoring.HanUntranslatedFactor : 1);
            }
        }

        // An unknown query token weighs what it aligns to: at most all the alignable listed weight.
        if (unknownAligned)
        {
            aligned += alignable;
        }

        unaligned += Math.Max(0, _nameWeight[n] - alignable) * (q.HasSyllables ? NameScoring.HanShortNameFactor : 1);
        var tokens = aligned <= 0 ? 0 : aligned / (aligned + unaligned);
        return Math.Max(tokens, ((1 - NameScoring.JoinedWeight) * tokens) + NameScoring.JoinedWeight);
    }

    // ---------------------------------------------------------------- stage 2: scoring

    /// <summary>
    /// The name's score against the query view, and its name score (before the country qualifier). A score
    /// that cannot reach <paramref name="floor"/> (the threshold less any country bonus) even with identical
    /// joined forms is returned without measuring them: it only has to stay below the threshold.
    /// </summary>
    private (double Score, double NameScore) Score(QueryView q, int n, string? country, List<MatchFeature>? explanation, double floor = 0)
    {
        var tokens = _nameTokens.AsSpan(_tokenStart[n], _tokenStart[n + 1] - _tokenStart[n]);
        var (alignmentScore, keyMissing, alignment) = NameScoring.Align(q, tokens, _search, _tokenWeight, _unknownTokenWeight, q.Marks, explanation is not null);
        var joinedSimilarity = explanation is null && ((1 - NameScoring.JoinedWeight) * alignmentScore) + NameScoring.JoinedWeight < floor - 1e-4
            ? 0
            : Levenshtein.Similarity(q.Joined, _joined[n]);
        var score = Math.Max(alignmentScore, (1 - NameScoring.JoinedWeight) * alignmentScore + NameScoring.JoinedWeight * joinedSimilarity);
        if (keyMissing is not null)
        {
            score *= NameScoring.KeyTokenMismatchFactor;
        }

        var nameScore = score;

        string? countryNote = null;
        if (!string.IsNullOrWhiteSpace(country))
        {
            var listed = _entries[_nameEntry[n]].Countries;
            if (listed.Any(c => string.Equals(c.Trim(), country.Trim(), StringComparison.OrdinalIgnoreCase)))
            {
                score += NameScoring.CountryBonus;
                countryNote = $"country {country.Trim()} matches (+{NameScoring.CountryBonus.ToString("0.00", CultureInfo.InvariantCulture)})";
            }
            else if (listed.Count > 0)
            {
                score -= NameScoring.CountryPenalty;
                countryNote = $"country {country.Trim()} conflicts with listed {string.Join("/", listed)} (-{NameScoring.CountryPenalty.ToString("0.00", CultureInfo.InvariantCulture)})";
            }
        }

        score = Math.Round(Math.Clamp(score, 0, 1), 4);
        if (explanation is not null)
        {
            Explain(q, n, alignment!, joinedSimilarity, countryNote, score, explanation);
        }

        return (score, nameScore);
    }

    private void Explain(QueryView q, int n, NameScoring.Alignment alignment, double joinedSimilarity, string? countryNote, double score, List<MatchFeature> explanation)
    {
        static string F(double v) => v.ToString("0.00", CultureInfo.InvariantCulture);

        explanation.Add(new MatchFeature("tokens", alignment.Score, $"tokens: {(alignment.Pairs.Count == 0 ? "none matched" : string.Join(", ", alignment.Pairs))} (token score {F(alignment.Score)})"));
        if (alignment.UnmatchedQuery.Count > 0)
        {
            explanation.Add(new MatchFeature("unmatched query tokens", null, $"not in the listed name: {string.Join(' ', alignment.UnmatchedQuery)}"));
        }

        if (alignment.UnmatchedEntry.Count > 0)
        {
            explanation.Add(new MatchFeature("unmatched listed tokens", null, $"not in the query: {string.Join(' ', alignment.UnmatchedEntry)}"));
        }

        if (alignment.HanNote is { } han)
        {
            explanation.Add(new MatchFeature("han short name", null, han));
        }

        explanation.Add(new MatchFeature("joined-form similarity", joinedSimilarity, $"joined-form similarity {F(joinedSimilarity)} ({q.Joined} / {_joined[n]})"));
        if (alignment.KeyTokenMissing is { } key)
        {
            explanation.Add(new MatchFeature("key token missing", NameScoring.KeyTokenMismatchFactor, string.Create(CultureInfo.InvariantCulture, $"the listed name's rarest token \"{key}\" is replaced in the query (x{NameScoring.KeyTokenMismatchFactor:0.00})")));
        }

        if (q.IsOrganisation && q.Name.LegalFormsRemoved.Count > 0)
        {
            explanation.Add(new MatchFeature("legal form removed", null, $"legal form removed: {string.Join(", ", q.Name.LegalFormsRemoved)}"));
        }

        var listed = _entries[_nameEntry[n]].Kind == PartyKind.Individual ? null : Normalizer.Normalize(_names[n].Name);
        if (listed is { LegalFormsRemoved.Count: > 0 })
        {
            explanation.Add(new MatchFeature("listed legal form removed", null, $"listed legal form removed: {string.Join(", ", listed.LegalFormsRemoved)}"));
        }

        foreach (var script in q.Name.Transliterated)
        {
            explanation.Add(new MatchFeature("transliterated", null, $"transliterated from {script}"));
        }

        if (_names[n].Kind != NameKind.Primary)
        {
            explanation.Add(new MatchFeature("alias", null, $"matched the {_names[n].Kind switch { NameKind.Aka => "a.k.a.", NameKind.Fka => "f.k.a.", NameKind.Nka => "n.k.a.", NameKind.WeakAka => "weak a.k.a.", _ => "alias" }} \"{_names[n].Name}\""));
        }

        if (countryNote is not null)
        {
            explanation.Add(new MatchFeature("country", null, countryNote));
        }

        explanation.Add(new MatchFeature("score", score, $"score {F(score)}"));
    }

    private IEnumerable<int> TokenIds(int n)
    {
        for (var i = _tokenStart[n]; i < _tokenStart[n + 1]; i++)
        {
            yield return _nameTokens[i];
        }
    }

    private static int[] Distinct(IEnumerable<int> ids) => [.. ids.Distinct()];

    private static int Intern(Dictionary<string, int> ids, string key)
    {
        if (!ids.TryGetValue(key, out var id))
        {
            id = ids.Count;
            ids[key] = id;
        }

        return id;
    }

    /// <summary>The query as one kind of entry sees it (organisations: legal forms removed).</summary>
    internal sealed class QueryView
    {
        public QueryView(ScreeningIndex index, NormalizedName name, IReadOnlyList<NameToken> tokens, QueryMarks marks)
        {
            Name = name;
            Marks = marks;
            IsOrganisation = ReferenceEquals(tokens, name.NameTokens);
            Count = tokens.Count;
            Text = tokens.Select(t => t.Text).ToArray();
            Scripts = tokens.Select(t => t.Script).ToArray();
            Joined = string.Concat(Text);
            Weight = Text.Select(t => index._vocabulary.TryGetValue(t, out var id) ? index._tokenWeight[id] : double.NaN).ToArray();
            HasSyllables = Scripts.Count(s => s is NameScript.Han or NameScript.Hangul) >= 2;
        }

        public NormalizedName Name { get; }
        public bool IsOrganisation { get; }
        public int Count { get; }
        public string[] Text { get; }
        public NameScript[] Scripts { get; }
        public string Joined { get; }

        /// <summary>The token's rarity weight, NaN when the index does not know the token.</summary>
        public double[] Weight { get; }

        /// <summary>Two or more Han or Hangul syllables: the Han short-name rules may apply.</summary>
        public bool HasSyllables { get; }

        /// <summary>The listed tokens this view's tokens align with (filled by the candidate stage).</summary>
        public QueryMarks Marks { get; }
    }

    /// <summary>Posting lists in one array (compressed sparse rows): feature id → the names that have it.</summary>
    private sealed class Postings
    {
        private readonly int[] _start;
        private readonly int[] _names;

        private Postings(int[] start, int[] names)
        {
            _start = start;
            _names = names;
        }

        public int Count(int feature) => _start[feature + 1] - _start[feature];

        public ReadOnlySpan<int> Of(int feature) => _names.AsSpan(_start[feature], Count(feature));

        public static Postings Build(int featureCount, int nameCount, Func<int, IEnumerable<int>> featuresOf)
        {
            var start = new int[featureCount + 1];
            for (var n = 0; n < nameCount; n++)
            {
                foreach (var f in featuresOf(n))
                {
                    start[f + 1]++;
                }
            }

            for (var f = 0; f < featureCount; f++)
            {
                start[f + 1] += start[f];
            }

            var names = new int[start[featureCount]];
            var next = (int[])start.Clone();
            for (var n = 0; n < nameCount; n++)
            {
                foreach (var f in featuresOf(n))
                {
                    names[next[f]++] = n;
                }
            }

            return new Postings(start, names);
        }
    }
}
