using ComputeGate.Domain;
using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace ComputeGate.Formats;

/// <summary>
/// Reads a YAML (or JSON: YAML accepts it) mapping with the path of every field, so that every error
/// names the file, the field path and the line. Unknown fields are errors: a typo is never ignored.
/// </summary>
public sealed class YamlNodeReader
{
    private readonly YamlMappingNode _node;
    private readonly HashSet<string> _read = new(StringComparer.Ordinal);

    public YamlNodeReader(string file, string path, YamlMappingNode node)
    {
        File = file;
        Path = path;
        _node = node;
    }

    public string File { get; }
    public string Path { get; }
    public int Line => (int)_node.Start.Line;

    /// <summary>Parses a whole document; a syntax error names the file and line.</summary>
    public static YamlNodeReader Parse(string file, string text) => new(file, "", ParseMapping(file, text));

    /// <summary>Parses a whole document whose top level must be a mapping; errors name the file and line.</summary>
    internal static YamlMappingNode ParseMapping(string file, string text)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            throw new InputException(file, null, (int)e.Start.Line, $"YAML syntax error: {e.InnerException?.Message ?? e.Message}");
        }
        catch (InvalidOperationException e)
        {
            // YamlDotNet's scanner throws this on some malformed input (e.g. an unclosed flow sequence).
            throw new InputException(file, null, null, $"YAML syntax error: {e.Message}");
        }

        if (stream.Documents.Count == 0)
        {
            throw new InputException(file, null, null, "the file is empty");
        }

        return stream.Documents[0].RootNode is YamlMappingNode map
            ? map
            : throw new InputException(file, null, (int)stream.Documents[0].RootNode.Start.Line, "expected a mapping (key: value) at the top level");
    }

    public InputException Error(string field, string problem, YamlNode? at = null) =>
        new(File, FieldPath(field), (int)(at ?? _node).Start.Line, problem);

    public string FieldPath(string field) => Path.Length == 0 ? field : $"{Path}.{field}";

    public bool Has(string key) => Node(key) is not null and not YamlScalarNode { Value: null or "" or "~" or "null" };

    public IEnumerable<string> Keys => _node.Children.Keys.OfType<YamlScalarNode>().Select(k => k.Value ?? "");

    private YamlNode? Node(string key)
    {
        _read.Add(key);
        return _node.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value : null;
    }

    private YamlScalarNode? Scalar(string key)
    {
        var node = Node(key);
        return node switch
        {
            null => null,
            YamlScalarNode { Value: null or "" or "~" or "null" } when node is YamlScalarNode { Style: ScalarStyle.Plain } => null,
            YamlScalarNode s => s,
            _ => throw Error(key, "expected a single value, not a list or mapping", node),
        };
    }

    public string? OptionalString(string key) => Scalar(key)?.Value;

    public string RequiredString(string key) =>
        OptionalString(key) is { Length: > 0 } s ? s : throw Error(key, "required field is missing");

    public decimal? OptionalDecimal(string key, bool allowZero = true)
    {
        var s = Scalar(key);
        if (s is null)
        {
            return null;
        }

        if (!decimal.TryParse(s.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var d))
        {
            throw Error(key, $"'{s.Value}' is not a number", s);
        }

        if (d < 0m || (!allowZero && d == 0m))
        {
            throw Error(key, $"{s.Value} must be {(allowZero ? "zero or more" : "more than zero")}", s);
        }

        return d;
    }

    public decimal RequiredDecimal(string key, bool allowZero = true) =>
        OptionalDecimal(key, allowZero) ?? throw Error(key, "required field is missing");

    public int? OptionalInt(string key, int min)
    {
        var s = Scalar(key);
        if (s is null)
        {
            return null;
        }

        if (!int.TryParse(s.Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var i))
        {
            throw Error(key, $"'{s.Value}' is not a whole number", s);
        }

        return i >= min ? i : throw Error(key, $"{i} must be {min} or more", s);
    }

    public bool? OptionalBool(string key)
    {
        var s = Scalar(key);
        return s?.Value?.ToLowerInvariant() switch
        {
            null => null,
            "true" or "yes" => true,
            "false" or "no" => false,
            var v => throw Error(key, $"'{v}' is not true or false", s),
        };
    }

    public DateOnly? OptionalDate(string key)
    {
        var s = Scalar(key);
        if (s is null)
        {
            return null;
        }

        return DateOnly.TryParseExact(s.Value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)
            ? d
            : throw Error(key, $"'{s.Value}' is not a date (YYYY-MM-DD)", s);
    }

    public DateOnly RequiredDate(string key) => OptionalDate(key) ?? throw Error(key, "required field is missing");

    /// <summary>A list of mappings; each item read with its indexed path (<c>performance[1]</c>).</summary>
    public IReadOnlyList<YamlNodeReader> Mappings(string key)
    {
        var node = Node(key);
        if (node is null or YamlScalarNode { Value: null or "" or "~" or "null" })
        {
            return [];
        }

        if (node is not YamlSequenceNode seq)
        {
            throw Error(key, "expected a list", node);
        }

        return seq.Children.Select((child, i) => child is YamlMappingNode m
                ? new YamlNodeReader(File, $"{FieldPath(key)}[{i}]", m)
                : throw new InputException(File, $"{FieldPath(key)}[{i}]", (int)child.Start.Line, "expected a mapping (key: value)"))
            .ToList();
    }

    public YamlNodeReader? Mapping(string key)
    {
        var node = Node(key);
        return node switch
        {
            null => null,
            YamlScalarNode { Value: null or "" or "~" or "null" } => null,
            YamlMappingNode m => new YamlNodeReader(File, FieldPath(key), m),
            _ => throw Error(key, "expected a mapping (key: value)", node),
        };
    }

    public YamlNode? Raw(string key) => Node(key);

    /// <summary>A list of scalars.</summary>
    public IReadOnlyList<string> Strings(string key)
    {
        var node = Node(key);
        return node switch
        {
            null => [],
            YamlScalarNode { Value: null or "" or "~" or "null" } => [],
            YamlSequenceNode seq => seq.Children.Select((c, i) => c is YamlScalarNode s && s.Value is not null
                ? s.Value
                : throw new InputException(File, $"{FieldPath(key)}[{i}]", (int)c.Start.Line, "expected a single value")).ToList(),
            _ => throw Error(key, "expected a list", node),
        };
    }

    /// <summary>A mapping of scalars to scalars (such as <c>sources</c>).</summary>
    public IReadOnlyDictionary<string, string> StringMap(string key)
    {
        var node = Node(key);
        if (node is null or YamlScalarNode { Value: null or "" or "~" or "null" })
        {
            return new Dictionary<string, string>();
        }

        if (node is not YamlMappingNode map)
        {
            throw Error(key, "expected a mapping (key: value)", node);
        }

        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (k, v) in map.Children)
        {
            var name = (k as YamlScalarNode)?.Value ?? "";
            result[name] = v is YamlScalarNode s ? s.Value ?? "" : throw new InputException(File, $"{FieldPath(key)}.{name}", (int)v.Start.Line, "expected a single value");
        }

        return result;
    }

    /// <summary>Fails on any field that was never asked for: typos are errors, not silent no-ops.</summary>
    public void RejectUnknown()
    {
        foreach (var (k, v) in _node.Children)
        {
            var name = (k as YamlScalarNode)?.Value ?? "";
            if (!_read.Contains(name))
            {
                throw new InputException(File, FieldPath(name), (int)k.Start.Line, "unknown field");
            }
        }
    }
}
