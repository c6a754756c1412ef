using ComputeGate.Domain;
using CsvHelper;

namespace ComputeGate.Formats;

/// <summary>Reading CSV rows the same way in every reader: a file CsvHelper cannot read further, or gzip data that breaks off, is an input error naming the file (and line).</summary>
internal static class CsvRows
{
    /// <summary>Moves to the next row; false at the end of the file.</summary>
    public static bool Next(CsvReader csv, string file)
    {
        try
        {
            return csv.Read();
        }
        catch (CsvFormatException e)
        {
            throw new InputException(file, null, (int)e.LineNumber, $"the CSV cannot be read further: {e.Message.Split('\n')[0]}");
        }
        catch (InvalidDataException e)
        {
            // A gzipped file that breaks off or is corrupt part-way through.
            throw new InputException(file, null, null, $"the gzip data cannot be read: {e.Message}");
        }
    }
}
