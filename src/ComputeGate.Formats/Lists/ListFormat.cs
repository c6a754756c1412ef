using ComputeGate.Domain;
using System.Globalization;
using System.IO.Compression;
using System.Text;
using CsvHelper;

namespace ComputeGate.Formats.Lists;

/// <summary>Which reader a list file needs, told from its first bytes (and, for OFAC, its name).</summary>
public static class ListFormat
{
    /// <summary>The trade.gov Consolidated Screening List CSV: <see cref="CslReader"/>.</summary>
    public const string Csl = "csl";

    /// <summary>OFAC's legacy SDN files (sdn.csv, alt.csv, add.csv, sdn_comments.csv): <see cref="OfacLegacyReader"/>.</summary>
    public const string OfacSdn = "ofac-sdn";

    /// <summary>OFAC's legacy consolidated (non-SDN) files (cons_prim.csv, cons_alt.csv, ...): <see cref="OfacLegacyReader"/>.</summary>
    public const string OfacCons = "ofac-cons";

    /// <summary>ComputeGate's simple JSON list: <see cref="SimpleJsonListReader"/>.</summary>
    public const string SimpleJson = "simple-json";

    /// <summary>How many bytes <see cref="DetectFile"/> reads, and what <see cref="Detect"/> needs to see at least the first line.</summary>
    public const int PrefixLength = 64 * 1024;

    /// <summary>
    /// The format of a list file, from its name and its first bytes (give at least the first line; 64 KiB is plenty):
    /// <list type="bullet">
    /// <item>gzip (magic bytes 1F 8B, whatever the name): the decompressed start is looked at instead, by the rules below
    /// (the name without ".gz").</item>
    /// <item><see cref="SimpleJson"/>: after an optional byte order mark and white space, a JSON object (<c>{</c>) whose
    /// first bytes contain the key <c>"list_id"</c> or <c>"entities"</c>.</item>
    /// <item><see cref="Csl"/>: a CSV whose first line is a header naming <c>_id</c>, <c>source</c> and <c>name</c>.</item>
    /// <item><see cref="OfacCons"/> / <see cref="OfacSdn"/>: a CSV without header whose first row starts with a whole
    /// number (<c>ent_num</c>) and has 12 fields (primary), 5 (aliases), 6 (addresses) or 2 (comments). The content of
    /// the two lists is alike, so the name decides: OFAC names the consolidated files <c>cons_*.csv</c>, so a name
    /// starting with "cons" is <see cref="OfacCons"/>, any other <see cref="OfacSdn"/>.</item>
    /// </list>
    /// Anything else is an <see cref="InputException"/> naming the file and showing its first line.
    /// </summary>
    public static string Detect(string fileName, ReadOnlySpan<byte> firstBytes)
    {
        if (ListSource.IsGzip(firstBytes))
        {
            var inner = Gunzip(fileName, firstBytes);
            var innerName = fileName.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? fileName[..^3] : fileName;
            return ListSource.IsGzip(inner) ? throw new InputException(fileName, null, null, "gzip inside gzip is not a list format") : Detect(innerName, inner);
        }

        var text = firstBytes;
        if (text.StartsWith("\uFEFF"u8))
        {
            text = text[3..];
        }

        var start = 0;
        while (start < text.Length && text[start] is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')
        {
            start++;
        }

        text = text[start..];
        if (text.Length == 0)
        {
            throw new InputException(fileName, null, null, "the file is empty");
        }

        if (text[0] == (byte)'{')
        {
            return text.IndexOf("\"list_id\""u8) >= 0 || text.IndexOf("\"entities\""u8) >= 0
                ? SimpleJson
                : throw Unknown(fileName, text, "a JSON object without \"list_id\" or \"entities\"");
        }

        var first = FirstRecord(text);
        if (first.Contains("_id", StringComparer.OrdinalIgnoreCase) && first.Contains("source", StringComparer.OrdinalIgnoreCase)
            && first.Contains("name", StringComparer.OrdinalIgnoreCase))
        {
            return Csl;
        }

        if (first.Count is 2 or 5 or 6 or 12 && int.TryParse(first[0], NumberStyles.None, CultureInfo.InvariantCulture, out _))
        {
            return Path.GetFileName(fileName).StartsWith("cons", StringComparison.OrdinalIgnoreCase) ? OfacCons : OfacSdn;
        }

        throw Unknown(fileName, text, null);
    }

    /// <summary><see cref="Detect"/> on the first <see cref="PrefixLength"/> bytes of the file at <paramref name="path"/>.</summary>
    public static string DetectFile(string path)
    {
        byte[] prefix;
        try
        {
            using var stream = File.OpenRead(path);
            prefix = new byte[PrefixLength];
            var read = stream.ReadAtLeast(prefix, PrefixLength, throwOnEndOfStream: false);
            Array.Resize(ref prefix, read);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InputException(path, null, null, $"cannot be opened: {e.Message}");
        }

        return Detect(Path.GetFileName(path), prefix);
    }

    private static byte[] Gunzip(string fileName, ReadOnlySpan<byte> prefix)
    {
        using var gzip = new GZipStream(new MemoryStream(prefix.ToArray()), CompressionMode.Decompress);
        var buffer = new byte[PrefixLength];
        var total = 0;
        try
        {
            int read;
            while (total < buffer.Length && (read = gzip.Read(buffer, total, buffer.Length - total)) > 0)
            {
                total += read;
            }
        }
        catch (Exception e) when (e is InvalidDataException or EndOfStreamException)
        {
            // Only a prefix of the gzip stream was given: what was decompressed before its end is enough.
            if (total == 0)
            {
                throw new InputException(fileName, null, null, $"starts like gzip (1F 8B) but cannot be decompressed: {e.Message}");
            }
        }

        return buffer[..total];
    }

    private static List<string> FirstRecord(ReadOnlySpan<byte> text)
    {
        var options = new CsvReaderOptions
        {
            HasHeader = false,
            Separator = ',',
            TrimWhitespace = true,
            MalformedData = CsvMalformedDataHandling.Recover,
            FieldCountMismatch = CsvFieldCountHandling.Allow,
        };
        using var csv = CsvReader.Create(text.ToArray(), options);
        var fields = new List<string>();
        if (csv.Read())
        {
            for (var i = 0; i < csv.FieldCount; i++)
            {
                fields.Add(csv.GetString(i));
            }
        }

        return fields;
    }

    private static InputException Unknown(string fileName, ReadOnlySpan<byte> text, string? what)
    {
        var firstLine = Encoding.UTF8.GetString(text[..Math.Min(text.Length, 300)]).Split('\n')[0].TrimEnd('\r');
        if (firstLine.Length > 120)
        {
            firstLine = firstLine[..120] + "...";
        }

        return new InputException(fileName, null, null,
            $"not a list format ComputeGate reads{(what is null ? "" : $" ({what})")}: expected the trade.gov CSL CSV (header _id,source,...,name,...), "
            + $"an OFAC legacy CSV (no header; ent_num first) or the simple JSON list ({{\"list_id\", \"count\", \"entities\"}}); the first line is '{firstLine}'");
    }
}
