using ComputeGate.Domain;

namespace ComputeGate.Application;

/// <summary>Small input files read whole (a scenario, a licence file, an alias or legal-form vocabulary): a missing or unreadable file is bad input naming it.</summary>
public static class InputFiles
{
    public static string ReadText(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new InputException(path, null, null, "no such file");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InputException(path, null, null, $"cannot be opened: {e.Message}");
        }
    }
}
