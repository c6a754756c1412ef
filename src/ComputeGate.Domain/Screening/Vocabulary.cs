namespace ComputeGate.Domain.Screening;

/// <summary>How a query token relates to a listed token (see <see cref="NameScoring.TokenSimilarity"/>).</summary>
internal enum PairNote : byte
{
    None,
    OneTypo,
    Abbreviation,
    Consonants,
    Joined,
}

/// <summary>A listed token (vocabulary id) that a query token, or a run of <paramref name="QueryTokens"/> adjacent query tokens, aligns with, and how well.</summary>
internal readonly record struct TokenMatch(int Token, float Similarity, PairNote Note, int QueryTokens = 1);

/// <summary>
/// The distinct tokens of every listed name, searchable by similarity. The first stage of screening
/// works token by token: each query token (and each run of adjacent query tokens) is looked up here
/// once, and only the names holding a token it aligns with become candidates. Every listed token's own
/// lookup is kept (made on first sight, or all at once by <see cref="Prepare"/>), so a query token that is
/// a listed word costs an array read; other words are searched once and kept (up to a bound).
/// <para>Which listed tokens a query token can align with (similarity at least
/// <see cref="NameScoring.MinTokenSimilarity"/>) is found among: the token itself; the tokens sharing at
/// least half their padded character bigrams with it (any token one edit away shares all but two, so
/// every one-typo pair is found; Jaro-Winkler pairs further apart that share fewer are not, which the
/// labelled evaluation measures as candidate recall); the tokens it begins or that begin it (four
/// letters or more: abbreviations); and, for tokens transliterated from scripts without short vowels,
/// the tokens with the same consonant skeleton. Each is then scored by
/// <see cref="NameScoring.TokenSimilarity"/>, the same function the alignment uses.</para>
/// <para>Thread-safe: built once; per-thread scratch arrays.</para>
/// </summary>
internal sealed class Vocabulary
{
    private readonly string[] _text;
    private readonly Dictionary<string, int> _ids;
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _spanIds;
    private readonly int[] _sorted;
    private readonly string[] _sortedText;
    private readonly int[] _bigramId;
    private readonly int[] _bigramStart;
    private readonly int[] _bigramTokens;
    private readonly byte[] _bigramCount;

    private readonly Dictionary<string, int[]> _bySkeleton;

    private const int MaxKept = 100_000;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, TokenMatch[]> _kept = new(StringComparer.Ordinal);
    private int _keptCount;

    private static readonly System.Buffers.SearchValues<char> Digits = System.Buffers.SearchValues.Create("0123456789");

    [ThreadStatic]
    private static int[]? t_counts;

    [ThreadStatic]
    private static List<int>? t_touched;

    public Vocabulary(string[] text, Dictionary<string, int> ids)
    {
        _text = text;
        _ids = ids;
        _spanIds = ids.GetAlternateLookup<ReadOnlySpan<char>>();
        _sorted = [.. Enumerable.Range(0, text.Length).OrderBy(t => text[t], StringComparer.Ordinal)];
        _sortedText = [.. _sorted.Select(t => text[t])];

        // Padded bigrams (^a, ab, b$) of every token, as posting lists: bigram → tokens.
        _bigramId = new int[1 << 16];
        Array.Fill(_bigramId, -1);
        var bigramsOf = new List<int>[text.Length];
        var bigrams = 0;
        _bigramCount = new byte[text.Length];
        for (var t = 0; t < text.Length; t++)
        {
            var distinct = new List<int>();
            foreach (var code in Bigrams(text[t]))
            {
                if (_bigramId[code] < 0)
                {
                    _bigramId[code] = bigrams++;
                }

                if (!distinct.Contains(_bigramId[code]))
                {
                    distinct.Add(_bigramId[code]);
                }
            }

            bigramsOf[t] = distinct;
            _bigramCount[t] = (byte)Math.Min(255, distinct.Count);
        }

        _bigramStart = new int[bigrams + 1];
        foreach (var list in bigramsOf)
        {
            foreach (var b in list)
            {
                _bigramStart[b + 1]++;
            }
        }

        for (var b = 0; b < bigrams; b++)
        {
            _bigramStart[b + 1] += _bigramStart[b];
        }

        _bigramTokens = new int[_bigramStart[bigrams]];
        var next = (int[])_bigramStart.Clone();
        foreach (var t in Enumerable.Range(0, text.Length).OrderBy(t => _bigramCount[t]))
        {
            foreach (var b in bigramsOf[t])
            {
                _bigramTokens[next[b]++] = t;
            }
        }

        _bySkeleton = Enumerable.Range(0, text.Length)
            .GroupBy(t => NameScoring.Skeleton(text[t]), StringComparer.Ordinal)
            .Where(g => g.Key.Length > 0)
            .ToDictionary(g => g.Key, g => g.ToArray(), StringComparer.Ordinal);

        _similar = new TokenMatch[]?[text.Length];
    }

    /// <summary>
    /// Searches every listed token's similar tokens now, on every core, instead of on first sight: for a
    /// long-lived index (a batch, the server), so that no query pays for a cold token. About 1 s of CPU
    /// for 40,000 tokens.
    /// </summary>
    public void Prepare() => Parallel.For(0, _text.Length, t => _similar[t] ??= [.. Search(_text[t], vowelless: false)]);

    public int Count => _text.Length;

    // Every listed token's own similar tokens, searched on first sight or by Prepare: a query token that is a
    // listed token, the common case, then costs a lookup. (Writes race benignly: both write the same array.)
    private readonly TokenMatch[]?[] _similar;

    public string this[int token] => _text[token];

    public bool TryGet(ReadOnlySpan<char> text, out int token) => _spanIds.TryGetValue(text, out token);

    /// <summary>The listed tokens <paramref name="query"/> aligns with on its own, best first.</summary>
    public TokenMatch[] Similar(string query, bool vowelless)
    {
        if (!vowelless && _ids.TryGetValue(query, out var listedToken))
        {
            return _similar[listedToken] ??= [.. Search(query, vowelless: false)];
        }

        // Not a listed token (a word the lists lack, a typo, a transliteration): searched once and kept, up to
        // MaxKept texts (then forgotten and kept anew). Numbers are not kept: a search for one is a lookup.
        if (query.Length > 0 && !query.AsSpan().ContainsAnyExcept(Digits))
        {
            return [.. Search(query, vowelless)];
        }

        var key = vowelless ? "\u0001" + query : query;
        if (_kept.TryGetValue(key, out var known))
        {
            return known;
        }

        if (Interlocked.Increment(ref _keptCount) > MaxKept)
        {
            Interlocked.Exchange(ref _keptCount, 0);
            _kept.Clear();
        }

        TokenMatch[] found = [.. Search(query, vowelless)];
        _kept.TryAdd(key, found);
        return found;
    }

    /// <summary>The search behind <see cref="Similar"/>, uncached.</summary>
    private List<TokenMatch> Search(string query, bool vowelless)
    {
        // A number aligns only with itself: Plant 703 and Plant 704, Institute 22 and 23 are other parties.
        if (query.Length > 0 && !query.AsSpan().ContainsAnyExcept(Digits))
        {
            return _ids.TryGetValue(query, out var number) ? [new TokenMatch(number, 1f, PairNote.None)] : [];
        }

        var candidates = new HashSet<int>();
        if (_ids.TryGetValue(query, out var exact))
        {
            candidates.Add(exact);
        }

        // Shared padded bigrams: at least half of the longer token's.
        var queryBigrams = Bigrams(query).Distinct().ToArray();
        var present = queryBigrams.Where(code => _bigramId[code] >= 0).ToArray();
        var counts = t_counts is { } c && c.Length >= _text.Length ? c : t_counts = new int[_text.Length];
        var touched = t_touched ??= new List<int>(1024);
        touched.Clear();
        // Each bigram's tokens are in order of their bigram count: only those that can share half (between
        // half and twice the query's count) are visited.
        var fewest = (queryBigrams.Length + 1) / 2;
        var most = 2 * queryBigrams.Length;
        foreach (var code in present)
        {
            var b = _bigramId[code];
            var end = _bigramStart[b + 1];
            for (var p = FirstWithCount(b, fewest); p < end && _bigramCount[_bigramTokens[p]] <= most; p++)
            {
                var t = _bigramTokens[p];
                if (counts[t]++ == 0)
                {
                    touched.Add(t);
                }
            }
        }

        foreach (var t in touched)
        {
            if (2 * counts[t] >= Math.Max(queryBigrams.Length, _bigramCount[t]))
            {
                candidates.Add(t);
            }

            counts[t] = 0;
        }

        // Abbreviations both ways (four letters or more).
        if (query.Length >= NameScoring.MinAbbreviation)
        {
            foreach (var t in StartingWith(query))
            {
                candidates.Add(t);
            }

            for (var length = NameScoring.MinAbbreviation; length < query.Length; length++)
            {
                if (TryGet(query.AsSpan(0, length), out var prefix))
                {
                    candidates.Add(prefix);
                }
            }
        }

        // The same consonants (mhmd / mohamed).
        if (vowelless && _bySkeleton.TryGetValue(NameScoring.Skeleton(query), out var sameConsonants))
        {
            candidates.UnionWith(sameConsonants);
        }

        var found = new List<TokenMatch>();
        foreach (var t in candidates)
        {
            var s = NameScoring.TokenSimilarity(query, _text[t], vowelless, out var note);
            if (s >= NameScoring.MinTokenSimilarity)
            {
                found.Add(new TokenMatch(t, (float)s, note));
            }
        }

        return found;
    }

    /// <summary>
    /// A joined run (or a query token made up of listed tokens) this long or longer may match with an edit;
    /// a shorter one only exactly. The match needs 1 − edits / (the longer length) ≥ 0.9, and the lengths
    /// differ by two at most: with eight letters, one edit against nine or fewer is under 0.9, and a
    /// partner of ten or more is two edits away. With nine, one edit against ten letters is 0.9.
    /// </summary>
    public const int LongRun = 9;

    /// <summary>
    /// The listed tokens that a run of query tokens written apart matches as one word, for runs of
    /// <see cref="LongRun"/> letters or more: tokens longer than <paramref name="first"/> that begin with
    /// it, against the run joined, by edits (<see cref="NameScoring.MinRunSimilarity"/>). <paramref name="runs"/>
    /// are the runs joined, shortest first; <see cref="TokenMatch.QueryTokens"/> is 2 for the first of them.
    /// </summary>
    public TokenMatch[] JoinedRuns(string first, IReadOnlyList<string> runs)
    {
        var found = new List<TokenMatch>();
        foreach (var t in StartingWith(first))
        {
            var listed = _text[t];
            if (listed.Length <= first.Length)
            {
                continue;
            }

            for (var k = 0; k < runs.Count && runs[k].Length <= listed.Length + 2; k++)
            {
                var r = NameScoring.RunSimilarity(runs[k], listed);
                if (r >= NameScoring.MinRunSimilarity)
                {
                    found.Add(new TokenMatch(t, (float)r, PairNote.Joined, k + 2));
                }
            }
        }

        return [.. found];
    }

    /// <summary>The listed tokens with exactly this consonant skeleton (three consonants or more).</summary>
    public IReadOnlyList<int> WithSkeleton(string skeleton) =>
        skeleton.Length >= 3 && _bySkeleton.TryGetValue(skeleton, out var tokens) ? tokens : [];

    /// <summary>The listed tokens that <paramref name="query"/> begins with, shorter than it (any length).</summary>
    public IEnumerable<int> PrefixesOf(string query)
    {
        for (var length = 1; length < query.Length; length++)
        {
            if (TryGet(query.AsSpan(0, length), out var t))
            {
                yield return t;
            }
        }
    }

    private IEnumerable<int> StartingWith(string prefix)
    {
        var lo = LowerBound(prefix);
        for (var i = lo; i < _sortedText.Length && _sortedText[i].StartsWith(prefix, StringComparison.Ordinal); i++)
        {
            yield return _sorted[i];
        }
    }

    /// <summary>The first position in the bigram's postings of a token with at least <paramref name="count"/> bigrams.</summary>
    private int FirstWithCount(int bigram, int count)
    {
        int lo = _bigramStart[bigram], hi = _bigramStart[bigram + 1];
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (_bigramCount[_bigramTokens[mid]] < count)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }

    private int LowerBound(string prefix)
    {
        int lo = 0, hi = _sortedText.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (string.CompareOrdinal(_sortedText[mid], prefix) < 0)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }

    /// <summary>The padded bigrams of a token as 16-bit codes (tokens are lower-case ASCII: '^' and '$' pad).</summary>
    private static IEnumerable<int> Bigrams(string token)
    {
        var previous = '^';
        foreach (var c in token)
        {
            yield return (previous << 8) | (c & 0xFF);
            previous = c;
        }

        yield return (previous << 8) | '$';
    }
}
