namespace ComputeGate.Domain.Screening;

/// <summary>
/// For one query (one view of it), the listed tokens its tokens align with: per vocabulary id, a chain of
/// marks (query token, how many query tokens, similarity, how). A mark of length 0 says that the query
/// token begins with the listed token, so a run of listed tokens may make it up. The arrays are indexed by
/// vocabulary id and reused from query to query (a generation stamp marks what belongs to this one), so a
/// query pays for the tokens it marks, not for the vocabulary.
/// </summary>
internal sealed class QueryMarks
{
    private int[] _stamp = [];
    private int[] _head = [];
    private int _generation;
    private readonly List<Mark> _marks = new(256);
    private readonly List<int> _tokens = new(256);

    internal readonly record struct Mark(int Q, int QLength, float Similarity, PairNote Note, int Next);

    /// <summary>The vocabulary ids marked, each once, in the order first marked.</summary>
    public IReadOnlyList<int> Tokens => _tokens;

    public Mark this[int mark] => _marks[mark];

    public void Reset(int vocabularySize)
    {
        if (_stamp.Length < vocabularySize)
        {
            _stamp = new int[vocabularySize];
            _head = new int[vocabularySize];
            _generation = 0;
        }

        if (++_generation == int.MaxValue)
        {
            Array.Clear(_stamp);
            _generation = 1;
        }

        _marks.Clear();
        _tokens.Clear();
    }

    public void Add(int token, int q, int qLength, float similarity, PairNote note)
    {
        var next = -1;
        if (_stamp[token] == _generation)
        {
            next = _head[token];
        }
        else
        {
            _stamp[token] = _generation;
            _tokens.Add(token);
        }

        _head[token] = _marks.Count;
        _marks.Add(new Mark(q, qLength, similarity, note, next));
    }

    /// <summary>The first mark of a token, -1 when it has none.</summary>
    public int First(int token) => token < _stamp.Length && _stamp[token] == _generation ? _head[token] : -1;

    public int Next(int mark) => _marks[mark].Next;
}
