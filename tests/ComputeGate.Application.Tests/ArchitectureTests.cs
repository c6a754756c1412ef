using System.Reflection;
using System.Xml.Linq;
using ComputeGate.Application.Checking;
using ComputeGate.Domain.Licensing;
using ComputeGate.Formats;
using ComputeGate.Store;

namespace ComputeGate.Application.Tests;

/// <summary>
/// The layers, as the project files and the compiled assemblies have them: the domain depends on nothing of ours;
/// readers (Formats) and the store on the domain only; the use cases (Application) on those three; the faces (CLI,
/// server) on the use cases and the chart presentation, never on each other; the executable (Host) composes the faces.
/// </summary>
public class ArchitectureTests
{
    private static readonly Dictionary<string, string[]> Allowed = new()
    {
        ["ComputeGate.Domain"] = [],
        ["ComputeGate.Formats"] = ["ComputeGate.Domain"],
        ["ComputeGate.Store"] = ["ComputeGate.Domain"],
        ["ComputeGate.Application"] = ["ComputeGate.Formats", "ComputeGate.Store"],
        ["ComputeGate.Charts"] = ["ComputeGate.Domain"],
        ["ComputeGate.Cli"] = ["ComputeGate.Application", "ComputeGate.Charts"],
        ["ComputeGate.Server"] = ["ComputeGate.Application", "ComputeGate.Charts"],
        ["ComputeGate.Host"] = ["ComputeGate.Cli", "ComputeGate.Server"],
    };

    private static Dictionary<string, string[]> ProjectReferences() =>
        Directory.GetFiles(Path.Combine(Repo.Root, "src"), "*.csproj", SearchOption.AllDirectories).ToDictionary(
            f => Path.GetFileNameWithoutExtension(f),
            f => XDocument.Load(f).Descendants("ProjectReference").Select(r => Path.GetFileNameWithoutExtension(r.Attribute("Include")!.Value)).Order(StringComparer.Ordinal).ToArray());

    [Fact]
    public void EveryProjectReferencesExactlyTheLayersItIsAllowed()
    {
        var actual = ProjectReferences();
        Assert.True(actual.Count >= 8, $"only {actual.Count} projects found under {Repo.Root}/src");
        var wrong = actual
            .Where(p => !Allowed.TryGetValue(p.Key, out var allowed) || !allowed.Order(StringComparer.Ordinal).SequenceEqual(p.Value))
            .Select(p => $"{p.Key} references [{string.Join(", ", p.Value)}]; allowed: {(Allowed.TryGetValue(p.Key, out var a) ? $"[{string.Join(", ", a)}]" : "not placed in a layer (add it to ArchitectureTests.Allowed)")}")
            .ToList();
        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
    }

    [Fact]
    public void NoProjectReferencesTheCompositionRootOrAFace()
    {
        var actual = ProjectReferences();
        var faces = new[] { "ComputeGate.Host", "ComputeGate.Cli", "ComputeGate.Server" };
        var offenders = actual.SelectMany(p => p.Value.Where(faces.Contains).Where(r => p.Key != "ComputeGate.Host").Select(r => $"{p.Key} → {r}")).ToList();
        Assert.True(offenders.Count == 0, string.Join("\n", offenders));
    }

    public static TheoryData<string, string[]> CompiledAssemblies => new()
    {
        // The domain: no store, no file format, no face, no presentation.
        { typeof(OrderLine).Assembly.GetName().Name!, ["ComputeGate.", "Microsoft.Data.Sqlite", "Npgsql", "YamlDotNet", "CsvHelper", "ScottPlot", "Spectre.Console", "System.CommandLine", "Microsoft.AspNetCore"] },
        { typeof(OrderLineParser).Assembly.GetName().Name!, ["ComputeGate.Store", "ComputeGate.Application", "Microsoft.Data.Sqlite", "Npgsql", "ScottPlot", "Spectre.Console", "Microsoft.AspNetCore"] },
        { typeof(StoreSession).Assembly.GetName().Name!, ["ComputeGate.Formats", "ComputeGate.Application", "YamlDotNet", "CsvHelper", "ScottPlot", "Spectre.Console", "Microsoft.AspNetCore"] },
        // The use cases: no face, no drawing.
        { typeof(CheckLine).Assembly.GetName().Name!, ["ComputeGate.Cli", "ComputeGate.Server", "ComputeGate.Host", "ComputeGate.Charts", "ScottPlot", "Spectre.Console", "System.CommandLine", "Microsoft.AspNetCore"] },
    };

    [Theory, MemberData(nameof(CompiledAssemblies))]
    public void CompiledAssembliesReferenceNoOuterLayer(string assembly, string[] forbiddenPrefixes)
    {
        var referenced = Assembly.Load(assembly).GetReferencedAssemblies().Select(a => a.Name!).ToList();
        Assert.Contains(referenced, r => r.StartsWith("System.", StringComparison.Ordinal));
        var bad = referenced.Where(r => forbiddenPrefixes.Any(p => r.StartsWith(p, StringComparison.Ordinal))).ToList();
        Assert.True(bad.Count == 0, $"{assembly} references {string.Join(", ", bad)}");
    }
}
