using System.Runtime.CompilerServices;

namespace ComputeGate.Formats.Tests.Lists;

/// <summary>The real list files in ../shared/data (beside the repository); a test skips when its file is absent.</summary>
internal static class SharedData
{
    /// <summary>The path of <paramref name="relative"/> under shared/data, or a skip when it is not there.</summary>
    public static string Require(string relative)
    {
        var path = Path.GetFullPath(Path.Combine(Root(), relative));
        if (!File.Exists(path))
        {
            Assert.Skip($"../shared/data/{relative} is not present");
        }

        return path;
    }

    // tests/ComputeGate.Formats.Tests/Lists/SharedData.cs → the repository root → ../shared/data
    private static string Root([CallerFilePath] string here = "") =>
        Path.Combine(Path.GetDirectoryName(here)!, "..", "..", "..", "..", "shared", "data");
}
