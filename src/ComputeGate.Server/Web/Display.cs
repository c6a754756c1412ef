using ComputeGate.Domain.Classification;

namespace ComputeGate.Server.Web;

/// <summary>Words the pages show for the engine's values.</summary>
public static class Display
{
    public static string Status(ClassificationStatus status) => status switch
    {
        ClassificationStatus.Controlled => "controlled",
        ClassificationStatus.NotControlled => "not controlled",
        _ => "undetermined",
    };
}
