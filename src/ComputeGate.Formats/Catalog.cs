using ComputeGate.Domain;
using System.Reflection;
using ComputeGate.Domain.Items;

namespace ComputeGate.Formats;

/// <summary>
/// The bundled catalog of real items (catalog/*.yaml, embedded in the build). Items may reference
/// other catalog items as components; ids resolve lazily, cycles are errors.
/// </summary>
public sealed class Catalog
{
    private readonly Dictionary<string, (string File, string Text)> _sources;
    // Loaded items are read without a lock; loading takes the lock (re-entrant: components load their
    // components on the same thread), so the cycle check sees only its own thread's loads.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, Item> _items = new(StringComparer.Ordinal);
    private readonly HashSet<string> _loading = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    public Catalog(IEnumerable<(string File, string Text)> files)
    {
        _sources = new Dictionary<string, (string, string)>(StringComparer.Ordinal);
        foreach (var (file, text) in files)
        {
            var id = Path.GetFileNameWithoutExtension(file);
            _sources[id] = (file, text);
        }
    }

    public static Catalog Embedded()
    {
        var assembly = typeof(Catalog).Assembly;
        return new Catalog(assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith("catalog/", StringComparison.Ordinal) && n.EndsWith(".yaml", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(n => (n, ReadResource(assembly, n))));
    }

    internal static string ReadResource(Assembly assembly, string name)
    {
        using var stream = assembly.GetManifestResourceStream(name) ?? throw new InvalidOperationException($"missing embedded resource {name}");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    public IReadOnlyCollection<string> Ids => _sources.Keys.Order(StringComparer.Ordinal).ToList();

    public bool Contains(string id) => _sources.ContainsKey(id);

    public Item? Find(string id)
    {
        if (_items.TryGetValue(id, out var item))
        {
            return item;
        }

        if (!_sources.TryGetValue(id, out var source))
        {
            return null;
        }

        lock (_gate)
        {
            return _items.TryGetValue(id, out item) ? item : Load(id, source);
        }
    }

    private Item Load(string id, (string File, string Text) source)
    {
        if (!_loading.Add(id))
        {
            throw new InputException(source.File, "components", null, $"catalog item '{id}' contains itself");
        }

        try
        {
            var item = new ItemReader(Find).Read(source.File, source.Text);
            if (item.Id != id)
            {
                throw new InputException(source.File, "id", null, $"id '{item.Id}' does not match the file name '{id}'");
            }

            _items[id] = item;
            return item;
        }
        finally
        {
            _loading.Remove(id);
        }
    }

    public Item Get(string id) =>
        Find(id) ?? throw new InputException("catalog", null, null, $"unknown catalog id '{id}' (see `computegate catalog`)");

    public IReadOnlyList<Item> All() => Ids.Select(Get).ToList();
}
