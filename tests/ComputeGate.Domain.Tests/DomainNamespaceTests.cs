using System.Reflection;

namespace ComputeGate.Domain.Tests;

/// <summary>
/// The namespaces of ComputeGate.Domain depend on one another without cycles. "A uses B" when a type of
/// namespace A (nested and compiler-generated types count as their namespace) names a type of namespace B
/// in its base type, interfaces, fields, properties, events, constructor or method parameters and return
/// types, or generic constraints; array, by-ref and pointer element types and generic arguments are
/// followed. Method bodies are not read (only what a closure or state machine captures shows up).
/// </summary>
public class DomainNamespaceTests
{
    private const string Root = "ComputeGate.Domain";

    private const BindingFlags Declared =
        BindingFlags.DeclaredOnly | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static;

    private static readonly Assembly Domain = typeof(InputException).Assembly;

    [Fact]
    public void DomainNamespacesFormNoCycle()
    {
        var graph = Graph();
        var cycles = Cycles(graph);
        Assert.True(cycles.Count == 0, "ComputeGate.Domain namespaces depend on one another in a cycle:\n" + string.Join("\n", cycles.Select(c => Describe(c, graph))));
    }

    [Fact]
    public void TheNamespaceGraphSeesKnownUses()
    {
        var graph = Graph();
        Assert.Contains($"{Root}.Parties", graph[$"{Root}.Licensing"].Keys); // OrderLineDecider(..., PartyList parties, ...)
        Assert.Contains($"{Root}.Law", graph[$"{Root}.Licensing"].Keys); // OrderLineDecider(RuleBook book, ...)
        Assert.Contains($"{Root}.Screening", graph[$"{Root}.Parties"].Keys); // PartyScreen(ScreeningIndex index, ...)
        Assert.Contains($"{Root}.Geography", graph[$"{Root}.Law"].Keys); // RuleBook.CountryGroups
    }

    /// <summary>namespace → used namespace → one example of the use ("Type.Member: UsedType").</summary>
    private static Dictionary<string, SortedDictionary<string, string>> Graph()
    {
        var graph = new Dictionary<string, SortedDictionary<string, string>>(StringComparer.Ordinal);
        foreach (var type in Domain.GetTypes())
        {
            if (!InDomain(type.Namespace))
            {
                continue;
            }

            var from = type.Namespace!;
            if (!graph.TryGetValue(from, out var uses))
            {
                graph[from] = uses = new SortedDictionary<string, string>(StringComparer.Ordinal);
            }

            foreach (var (member, used) in Uses(type))
            {
                foreach (var t in Expand(used))
                {
                    if (t.Assembly == Domain && InDomain(t.Namespace) && t.Namespace != from && !uses.ContainsKey(t.Namespace!))
                    {
                        uses[t.Namespace!] = $"{type.FullName}.{member}: {t.FullName}";
                    }
                }
            }
        }

        return graph;
    }

    private static bool InDomain(string? ns) =>
        ns is not null && (ns == Root || ns.StartsWith(Root + ".", StringComparison.Ordinal));

    /// <summary>Every type a type's declaration names, with the member naming it.</summary>
    private static IEnumerable<(string Member, Type Used)> Uses(Type type)
    {
        if (type.BaseType is { } baseType)
        {
            yield return ("(base)", baseType);
        }

        foreach (var i in type.GetInterfaces())
        {
            yield return ("(interface)", i);
        }

        foreach (var g in type.IsGenericTypeDefinition ? type.GetGenericArguments() : [])
        {
            foreach (var c in g.GetGenericParameterConstraints())
            {
                yield return ($"(constraint on {g.Name})", c);
            }
        }

        foreach (var f in type.GetFields(Declared))
        {
            yield return (f.Name, f.FieldType);
        }

        foreach (var p in type.GetProperties(Declared))
        {
            yield return (p.Name, p.PropertyType);
            foreach (var ip in p.GetIndexParameters())
            {
                yield return ($"{p.Name}[{ip.Name}]", ip.ParameterType);
            }
        }

        foreach (var e in type.GetEvents(Declared))
        {
            if (e.EventHandlerType is { } handler)
            {
                yield return (e.Name, handler);
            }
        }

        foreach (var c in type.GetConstructors(Declared))
        {
            foreach (var p in c.GetParameters())
            {
                yield return ($"{c.Name}({p.Name})", p.ParameterType);
            }
        }

        foreach (var m in type.GetMethods(Declared))
        {
            yield return ($"{m.Name}(return)", m.ReturnType);
            foreach (var p in m.GetParameters())
            {
                yield return ($"{m.Name}({p.Name})", p.ParameterType);
            }

            foreach (var g in m.IsGenericMethodDefinition ? m.GetGenericArguments() : [])
            {
                foreach (var c in g.GetGenericParameterConstraints())
                {
                    yield return ($"{m.Name}(constraint on {g.Name})", c);
                }
            }
        }
    }

    /// <summary>A type and what it is made of: element types of arrays, by-refs and pointers; generic definitions and arguments.</summary>
    private static IEnumerable<Type> Expand(Type type)
    {
        var seen = new HashSet<Type>();
        var todo = new Stack<Type>([type]);
        while (todo.TryPop(out var t))
        {
            if (t.IsGenericParameter || !seen.Add(t))
            {
                continue;
            }

            yield return t;
            if (t.HasElementType && t.GetElementType() is { } element)
            {
                todo.Push(element);
            }

            if (t.IsGenericType)
            {
                todo.Push(t.GetGenericTypeDefinition());
                foreach (var a in t.GetGenericArguments())
                {
                    todo.Push(a);
                }
            }
        }
    }

    /// <summary>Cycles of namespaces (the first repeated at the end), the shortest through each namespace not on one found before.</summary>
    private static List<List<string>> Cycles(Dictionary<string, SortedDictionary<string, string>> graph)
    {
        var cycles = new List<List<string>>();
        var done = new HashSet<string>(StringComparer.Ordinal);
        foreach (var start in graph.Keys.Order(StringComparer.Ordinal))
        {
            if (done.Contains(start))
            {
                continue;
            }

            // The shortest way back to start, breadth first.
            var cameFrom = new Dictionary<string, string>(StringComparer.Ordinal);
            var queue = new Queue<string>([start]);
            List<string>? cycle = null;
            while (cycle is null && queue.TryDequeue(out var n))
            {
                foreach (var next in graph.TryGetValue(n, out var uses) ? uses.Keys : Enumerable.Empty<string>())
                {
                    if (next == start)
                    {
                        cycle = [start];
                        for (var back = n; back != start; back = cameFrom[back])
                        {
                            cycle.Insert(1, back);
                        }

                        cycle.Add(start);
                        break;
                    }

                    if (!done.Contains(next) && cameFrom.TryAdd(next, n))
                    {
                        queue.Enqueue(next);
                    }
                }
            }

            if (cycle is not null)
            {
                cycles.Add(cycle);
                done.UnionWith(cycle); // a namespace on a reported cycle is not searched again
            }
        }

        return cycles;
    }

    private static string Describe(List<string> cycle, Dictionary<string, SortedDictionary<string, string>> graph) =>
        string.Join(" → ", cycle.Select(n => n[Root.Length..].TrimStart('.') is { Length: > 0 } s ? s : Root)) + "\n"
        + string.Join("\n", cycle.Zip(cycle.Skip(1), (a, b) => $"  {a} uses {b}: {graph[a][b]}"));
}
