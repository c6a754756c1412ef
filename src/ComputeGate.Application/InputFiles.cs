using ComputeGate.Domain;

namespace ComputeGate.Application;

/// <summary>Input files (a scenario, a licence file, a vocabulary read whole; a list or an order book streamed): a missing or unreadable file is bad input naming it.</summary>
public static class InputFiles
{
    public static string ReadText(string path)
    {
        using var reader = new StreamReader(Open(path));
        return reader.ReadToEnd();
    }

    /// <summary>A file opened for reading (a list, an order book).</summary>
    public static FileStream Open(string path, int bufferSize = 4096)
    {
        try
        {
            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize);
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
