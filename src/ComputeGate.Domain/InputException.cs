namespace ComputeGate.Domain;

/// <summary>
/// Bad input: names the file, the field path (<c>performance[1].tops</c>) and, where known, the line.
/// The message is meant for a person; callers print it without a stack trace.
/// </summary>
public sealed class InputException(string file, string? path, int? line, string problem)
    : Exception(Format(file, path, line, problem))
{
    public string File { get; } = file;
    public string? FieldPath { get; } = path;
    public int? Line { get; } = line;
    public string Problem { get; } = problem;

    private static string Format(string file, string? path, int? line, string problem) =>
        $"{file}{(line is { } l ? $":{l}" : "")}: {(string.IsNullOrEmpty(path) ? "" : $"{path}: ")}{problem}";
}
