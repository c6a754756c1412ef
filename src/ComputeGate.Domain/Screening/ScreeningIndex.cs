using System.Globalization;
using F23.StringSimilarity;

namespace ComputeGate.Domain.Screening;

/// <summary>
/// An immutable, in-memory snapshot of restricted-party list names, screened in two stages (the
/// watchman / yente shape):
/// <list type="number">
/// <item>Candidates: an inverted index over three features of every listed name: its tokens, the
/// consonant skeleton of each token, and the character trigrams of its joined form (which survive
/// typos and missing spaces). A query's features add up, weighted by rarity, and the
/// <see cref="CandidateLimit"/> best names go on.</item>
/// <item>Scoring, per candidate name (see <see cref="NameScoring"/>): token-level Jaro-Winkler with
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

    /// <summary>How many candidate names the first stage passes to scoring.</summary>
    public const int CandidateLimit = 200;

    private static readonly NormalizedLevenshtein Levenshtein = new();

    private readonly ListEntry[] _entries;

    // Names: entry, the name as listed, its token ids (CSR: _tokenStart[n].._tokenStart[n+1]), joined form.
    private readonly int[] _nameEntry;
    private readonly EntryName[] _names;
    private readonly int[] _tokenStart;
    private readonly int[] _nameTokens;
    private readonly string[] _joined;

    // Vocabulary: interned token text, rarity weight.
    private readonly Dictionary<string, int> _vocabulary;
    private readonly string[] _tokenText;
    private readonly float[] _tokenWeight;
    private readonly float _unknownTokenWeight;

    private readonly Postings _tokenPostings;
    private readonly Dictionary<string, int> _skeletonIds;
    private readonly Postings _skeletonPostings;
    private readonly Dictionary<string, int> _trigramIds;
    private readonly Postings _trigramPostings;

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
        _tokenText = tokenText;

        var nameCount = names.Length;
        _tokenPostings = Postings.Build(tokenText.Length, nameCount, n => Distinct(TokenIds(n)));
        _tokenWeight = new float[tokenText.Length];
        for (var t = 0; t < tokenText.Length; t++)
        {
            _tokenWeight[t] = (float)NameScoring.Weight(nameCount, _tokenPostings.Count(t));
        }

        _unknownTokenWeight = (float)NameScoring.Weight(nameCount, 1);

        _skeletonIds = new Dictionary<string, int>(StringComparer.Ordinal);
        var skeletonOfToken = new int[tokenText.Length];
        for (var t = 0; t < tokenText.Length; t++)
        {
            var skeleton = NameScoring.Skeleton(tokenText[t]);
            skeletonOfToken[t] = skeleton.Length < 2 ? -1 : Intern(_skeletonIds, skeleton);
        }

        _skeletonPostings = Postings.Build(_skeletonIds.Count, nameCount, n => Distinct(TokenIds(n).Select(t => skeletonOfToken[t]).Where(s => s >= 0)));

        _trigramIds = new Dictionary<string, int>(StringComparer.Ordinal);
        var trigramsOfName = new int[nameCount][];
        for (var n = 0; n < nameCount; n++)
        {
            trigramsOfName[n] = Distinct(NameScoring.Trigrams(joined[n]).Select(g => Intern(_trigramIds, g)));
        }

        _trigramPostings = Postings.Build(_trigramIds.Count, nameCount, n => trigramsOfName[n]);
    }

    public NameNormalizer Normalizer { get; }

    public int EntryCount => _entries.Length;

    /// <summary>Distinct normalised names (primary names and aliases) indexed.</summary>
    public int NameCount => _names.Length;

    /// <summary>Distinct tokens over all names.</summary>
    public int TokenCount => _tokenText.Length;

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

        var organisation = new QueryView(this, query, query.NameTokens);
        var person = ReferenceEquals(query.NameTokens, query.AllNameTokens) || query.AllNameTokens.Count == query.NameTokens.Count
            ? organisation
            : new QueryView(this, query, query.AllNameTokens);

        // The best name of each entry, by its name score (the country qualifier is the same for all its names).
        var best = new Dictionary<int, (double Score, double NameScore, int Name)>();
        foreach (var n in Candidates(organisation, person))
        {
            var entry = _entries[_nameEntry[n]];
            var view = entry.Kind == PartyKind.Individual ? person : organisation;
            var (score, nameScore) = Score(view, n, country, explanation: null);
            if (!best.TryGetValue(_nameEntry[n], out var b) || nameScore > b.NameScore)
            {
                best[_nameEntry[n]] = (score, nameScore, n);
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
    private static Scratch? t_scratch;

    /// <summary>Per-thread buffers of the candidate stage, sized by the largest index seen.</summary>
    private sealed class Scratch(int names)
    {
        public double[] Weight { get; } = new double[names];
        public bool[] Seen { get; } = new bool[names];
        public List<int> Touched { get; } = new(4096);
    }

    private List<int> Candidates(QueryView organisation, QueryView person)
    {
        var features = new Dictionary<(int Kind, int Id), double>();
        foreach (var view in ReferenceEquals(organisation, person) ? new[] { organisation } : new[] { organisation, person })
        {
            // Tokens, and runs of 2-4 adjacent tokens joined (hua wei → huawei, i b m → ibm).
            for (var i = 0; i < view.Count; i++)
            {
                var run = view.Text[i];
                for (var k = 0; k < 4 && i + k < view.Count; k++)
                {
                    if (k > 0)
                    {
                        run += view.Text[i + k];
                    }

                    if (_vocabulary.TryGetValue(run, out var id))
                    {
                        features[(0, id)] = NameScoring.TokenFeatureWeight * NameScoring.Idf(_names.Length, _tokenPostings.Count(id));
                    }

                    var skeleton = NameScoring.Skeleton(run);
                    if (skeleton.Length >= 2 && _skeletonIds.TryGetValue(skeleton, out var s))
                    {
                        features[(1, s)] = NameScoring.SkeletonFeatureWeight * NameScoring.Idf(_names.Length, _skeletonPostings.Count(s));
                    }
                }
            }

            foreach (var gram in NameScoring.Trigrams(view.Joined))
            {
                if (_trigramIds.TryGetValue(gram, out var g))
                {
                    features[(2, g)] = NameScoring.Idf(_names.Length, _trigramPostings.Count(g));
                }
            }
        }

        // Weights accumulate in a dense array reused by this thread (common trigrams reach thousands of names;
        // a dictionary per query allocated megabytes), with the names touched listed for the reset.
        var scratch = t_scratch is { } reused && reused.Weight.Length >= _names.Length ? reused : t_scratch = new Scratch(_names.Length);
        var touched = scratch.Touched;
        touched.Clear();
        foreach (var ((kind, id), weight) in features)
        {
            var postings = kind switch { 0 => _tokenPostings, 1 => _skeletonPostings, _ => _trigramPostings };
            foreach (var n in postings.Of(id))
            {
                if (!scratch.Seen[n])
                {
                    scratch.Seen[n] = true;
                    touched.Add(n);
                }

                scratch.Weight[n] += weight;
            }
        }

        // The best CandidateLimit names by accumulated weight (ties by name index: deterministic, whatever the order of visits).
        var top = new PriorityQueue<int, (double, int)>(CandidateLimit + 1);
        foreach (var n in touched)
        {
            var weight = scratch.Weight[n];
            scratch.Weight[n] = 0;
            scratch.Seen[n] = false;
            if (top.Count < CandidateLimit)
            {
                top.Enqueue(n, (weight, -n));
            }
            else if (top.TryPeek(out _, out var lowest) && (weight, -n).CompareTo(lowest) > 0)
            {
                top.DequeueEnqueue(n, (weight, -n));
            }
        }

        var result = new List<int>(top.Count);
        while (top.Count > 0)
        {
            result.Add(top.Dequeue());
        }

        return result;
    }

    // ---------------------------------------------------------------- stage 2: scoring

    private (double Score, double NameScore) Score(QueryView q, int n, string? country, List<MatchFeature>? explanation)
    {
        var start = _tokenStart[n];
        var count = _tokenStart[n + 1] - start;
        var entryTokens = new string[count];
        var entryWeights = new double[count];
        for (var j = 0; j < count; j++)
        {
            var id = _nameTokens[start + j];
            entryTokens[j] = _tokenText[id];
            entryWeights[j] = _tokenWeight[id];
        }

        var alignment = NameScoring.Align(q, entryTokens, entryWeights, _unknownTokenWeight);
        var joinedSimilarity = Levenshtein.Similarity(q.Joined, _joined[n]);
        var score = Math.Max(alignment.Score, (1 - NameScoring.JoinedWeight) * alignment.Score + NameScoring.JoinedWeight * joinedSimilarity);
        if (alignment.KeyTokenMissing is not null)
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
            Explain(q, n, alignment, joinedSimilarity, countryNote, score, explanation);
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
        public QueryView(ScreeningIndex index, NormalizedName name, IReadOnlyList<NameToken> tokens)
        {
            Name = name;
            IsOrganisation = ReferenceEquals(tokens, name.NameTokens);
            Count = tokens.Count;
            Text = tokens.Select(t => t.Text).ToArray();
            Scripts = tokens.Select(t => t.Script).ToArray();
            Joined = string.Concat(Text);
            Weight = Text.Select(t => index._vocabulary.TryGetValue(t, out var id) ? index._tokenWeight[id] : double.NaN).ToArray();
        }

        public NormalizedName Name { get; }
        public bool IsOrganisation { get; }
        public int Count { get; }
        public string[] Text { get; }
        public NameScript[] Scripts { get; }
        public string Joined { get; }

        /// <summary>The token's rarity weight, NaN when the index does not know the token.</summary>
        public double[] Weight { get; }

        /// <summary>Token similarities already computed for this query: (query token index, listed token) → score, note.</summary>
        public Dictionary<(int, string), (double Score, string? Note)> Similarity { get; } = [];
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
