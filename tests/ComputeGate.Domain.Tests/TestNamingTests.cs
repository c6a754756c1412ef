using System.Text;
using System.Text.RegularExpressions;

namespace ComputeGate.Domain.Tests;

/// <summary>
/// One naming style for the whole suite: every xUnit test method ([Fact] or [Theory]) in any project
/// under tests/ is a PascalCase sentence (<c>HongKongIsTreatedAsChina</c>), never
/// <c>Hong_Kong_is_China</c>. The source files are read rather than the assemblies loaded, so one test
/// covers every test project without depending on which of them were built.
/// </summary>
public class TestNamingTests
{
    private static readonly Regex PascalCaseSentence = new("^[A-Z][A-Za-z0-9]*$", RegexOptions.CultureInvariant);

    [Fact]
    public void EveryTestMethodIsNamedAsAPascalCaseSentence()
    {
        var repo = RepoRoot();
        var methods = TestMethods(Path.Combine(repo, "tests")).ToList();

        // A scanner that silently found nothing would pass; each test project must show up.
        foreach (var project in Directory.GetFiles(Path.Combine(repo, "tests"), "*.csproj", SearchOption.AllDirectories))
        {
            var folder = Path.GetDirectoryName(project)! + Path.DirectorySeparatorChar;
            Assert.True(methods.Any(m => m.File.StartsWith(folder, StringComparison.Ordinal)), $"no [Fact] or [Theory] method found under {Path.GetRelativePath(repo, folder)}: the scan is broken");
        }

        Assert.Contains(methods, m => m.Name == nameof(EveryTestMethodIsNamedAsAPascalCaseSentence));

        var unresolved = methods.Where(m => m.Name.Length == 0).Select(m => $"{Path.GetRelativePath(repo, m.File)}:{m.Line}: a test attribute with no method after it").ToList();
        Assert.True(unresolved.Count == 0, string.Join('\n', unresolved));

        var offenders = methods
            .Where(m => !PascalCaseSentence.IsMatch(m.Name))
            .Select(m => $"{Path.GetRelativePath(repo, m.File)}:{m.Line}: {m.Name}")
            .ToList();
        Assert.True(offenders.Count == 0, $"{offenders.Count} test method(s) not named as a PascalCase sentence (upper-case first letter, letters and digits only, no '_'):\n{string.Join('\n', offenders)}");
    }

    [Theory]
    [InlineData("[Fact]\npublic void A_b() { }", "A_b", 2)]
    [InlineData("[Theory, MemberData(nameof(X))]\npublic async Task Lower_case(string s) { }", "Lower_case", 2)]
    [InlineData("[Xunit.Fact(Skip = \"]\")]\n[Trait(\"a\", \"[\")]\npublic async ValueTask Named<T>() { }", "Named", 3)]
    [InlineData("[Theory]\n[InlineData(\"x\",\n    \"y\")] // a comment with [Fact] in it\npublic void TwoLines(string a, string b) { }", "TwoLines", 4)]
    [InlineData("/* [Fact] public void NotATest() */ var s = \"[Fact] void NotATestEither()\";\n#region x\n[global::Xunit.FactAttribute] public void Real() { }", "Real", 3)]
    public void TheScannerFindsTheMethodAfterEachTestAttribute(string source, string name, int line)
    {
        Assert.Equal([new TestMethod("x.cs", line, name)], TestMethodsIn("x.cs", source));
    }

    private sealed record TestMethod(string File, int Line, string Name);

    /// <summary>The directory holding ComputeGate.slnx, walking up from the test's output folder.</summary>
    private static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ComputeGate.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"no ComputeGate.slnx above {AppContext.BaseDirectory}: the test sources cannot be found");
    }

    private static IEnumerable<TestMethod> TestMethods(string tests) =>
        Directory.EnumerateFiles(tests, "*.cs", SearchOption.AllDirectories)
            .Where(f => !Path.GetRelativePath(tests, f).Split(Path.DirectorySeparatorChar).Any(s => s is "bin" or "obj" or "TestResults"))
            .Order(StringComparer.Ordinal)
            .SelectMany(f => TestMethodsIn(f, File.ReadAllText(f)));

    /// <summary>
    /// The methods that carry [Fact] or [Theory] (also written Xunit.Fact, FactAttribute, or inside a list
    /// such as [Theory, MemberData(...)]), with the line of the name. An attribute section is a '[' that
    /// starts a member: after '{', '}', ';', ']' or at the start of the file, outside comments and literals.
    /// </summary>
    private static IEnumerable<TestMethod> TestMethodsIn(string file, string source)
    {
        var code = Code(source);
        var i = 0;
        while (i < code.Length)
        {
            if (code[i] != '[' || !StartsMember(code, i))
            {
                i++;
                continue;
            }

            var isTest = false;
            var j = i;
            while (j < code.Length && code[j] == '[')
            {
                var end = Close(code, j);
                isTest |= Attributes(code[(j + 1)..end]).Any(a => a is "Fact" or "FactAttribute" or "Theory" or "TheoryAttribute");
                j = SkipSpace(code, end + 1);
            }

            if (isTest)
            {
                var paren = code.IndexOf('(', j);
                var head = paren < 0 ? "" : code[j..paren];
                var match = Regex.Match(head, @"(@?[A-Za-z_][A-Za-z0-9_]*)\s*(<[^<>]*>)?\s*$", RegexOptions.CultureInvariant);
                var at = match.Success ? j + match.Groups[1].Index : j;
                yield return new TestMethod(file, 1 + code.AsSpan(0, at).Count('\n'), match.Success ? match.Groups[1].Value.TrimStart('@') : "");
            }

            i = Math.Max(j, i + 1);
        }
    }

    private static bool StartsMember(string code, int at)
    {
        var k = at - 1;
        while (k >= 0 && char.IsWhiteSpace(code[k]))
        {
            k--;
        }

        return k < 0 || code[k] is '{' or '}' or ';' or ']';
    }

    /// <summary>The index of the ']' that closes the '[' at <paramref name="open"/>.</summary>
    private static int Close(string code, int open)
    {
        var depth = 0;
        for (var k = open; k < code.Length; k++)
        {
            if (code[k] == '[')
            {
                depth++;
            }
            else if (code[k] == ']' && --depth == 0)
            {
                return k;
            }
        }

        return code.Length - 1;
    }

    private static int SkipSpace(string code, int k)
    {
        while (k < code.Length && char.IsWhiteSpace(code[k]))
        {
            k++;
        }

        return k;
    }

    /// <summary>The attribute names in one section ("assembly: X", "Xunit.Fact(...)" → "Fact"), split at top-level commas.</summary>
    private static IEnumerable<string> Attributes(string section)
    {
        var depth = 0;
        var start = 0;
        for (var k = 0; k <= section.Length; k++)
        {
            if (k == section.Length || (section[k] == ',' && depth == 0))
            {
                var name = Regex.Match(section[start..k], @"^\s*(?:\w+\s*:(?!:))?\s*([\w.:]+)", RegexOptions.CultureInvariant).Groups[1].Value;
                yield return name[(name.LastIndexOfAny(['.', ':']) + 1)..];
                start = k + 1;
            }
            else if (section[k] is '(' or '[' or '{')
            {
                depth++;
            }
            else if (section[k] is ')' or ']' or '}')
            {
                depth--;
            }
        }
    }

    /// <summary>
    /// The source with comments and the insides of string and character literals blanked (newlines kept),
    /// so that brackets and names in them are not read as code. Regular, verbatim (@"") and raw ("""""")
    /// strings; an interpolation hole is blanked with its string, which is all this scan needs.
    /// </summary>
    private static string Code(string source)
    {
        var s = new StringBuilder(source);
        void Blank(int from, int to)
        {
            for (var k = from; k < to && k < s.Length; k++)
            {
                if (s[k] != '\n')
                {
                    s[k] = ' ';
                }
            }
        }

        var i = 0;
        while (i < source.Length)
        {
            var c = source[i];
            if (c == '#' && (i == 0 || source.LastIndexOf('\n', i - 1) is var nl && source[(nl + 1)..i].All(char.IsWhiteSpace)))
            {
                // a preprocessor directive (#region, #if): not code this scan reads
                var end = source.IndexOf('\n', i);
                end = end < 0 ? source.Length : end;
                Blank(i, end);
                i = end;
            }
            else if (c == '/' && i + 1 < source.Length && source[i + 1] == '/')
            {
                var end = source.IndexOf('\n', i);
                end = end < 0 ? source.Length : end;
                Blank(i, end);
                i = end;
            }
            else if (c == '/' && i + 1 < source.Length && source[i + 1] == '*')
            {
                var end = source.IndexOf("*/", i + 2, StringComparison.Ordinal);
                end = end < 0 ? source.Length : end + 2;
                Blank(i, end);
                i = end;
            }
            else if (c == '\'')
            {
                var k = i + 1;
                while (k < source.Length && source[k] != '\'' && source[k] != '\n')
                {
                    k += source[k] == '\\' ? 2 : 1;
                }

                Blank(i + 1, k);
                i = k + 1;
            }
            else if (c == '"')
            {
                var quotes = 0;
                while (i + quotes < source.Length && source[i + quotes] == '"')
                {
                    quotes++;
                }

                int end;
                if (quotes >= 3)
                {
                    var close = source.IndexOf(new string('"', quotes), i + quotes, StringComparison.Ordinal);
                    end = close < 0 ? source.Length : close + quotes;
                }
                else if (quotes == 2)
                {
                    end = i + 2; // ""
                }
                else
                {
                    var verbatim = (i > 0 && source[i - 1] == '@') || (i > 1 && source[i - 1] == '$' && source[i - 2] == '@');
                    var k = i + 1;
                    while (k < source.Length)
                    {
                        if (verbatim && source[k] == '"' && k + 1 < source.Length && source[k + 1] == '"')
                        {
                            k += 2;
                        }
                        else if (source[k] == '"' || (!verbatim && source[k] == '\n'))
                        {
                            break;
                        }
                        else
                        {
                            k += !verbatim && source[k] == '\\' ? 2 : 1;
                        }
                    }

                    end = Math.Min(k + 1, source.Length);
                }

                Blank(i + 1, end - 1);
                i = end;
            }
            else
            {
                i++;
            }
        }

        return s.ToString();
    }
}
