using ComputeGate.Domain;
using ComputeGate.Domain.Screening;
using ComputeGate.Formats;
using ComputeGate.Formats.Lists;

namespace ComputeGate.Application;

/// <summary>Reads a restricted-party list file in any of the official formats (<c>lists import</c>, the API).</summary>
public static class ListFiles
{
    /// <summary>The formats <see cref="Read"/> takes.</summary>
    public static readonly IReadOnlyList<string> Formats = [ListFormat.Csl, ListFormat.OfacSdn, ListFormat.OfacCons, ListFormat.SimpleJson];

    /// <param name="format">csl, ofac-sdn, ofac-cons or simple-json; null: detected from the file.</param>
    /// <param name="aliases">OFAC: the alias file.</param>
    /// <param name="addresses">OFAC: the address file.</param>
    /// <param name="comments">OFAC: the comments file.</param>
    public static ParsedList Read(string path, string? format, CountryDirectory countries, string? aliases = null, string? addresses = null, string? comments = null)
    {
        var fmt = format ?? ListFormat.DetectFile(path);
        return fmt switch
        {
            ListFormat.Csl => new CslReader(countries).ReadFile(path),
            ListFormat.OfacSdn => new OfacLegacyReader(countries).ReadFiles("sdn", path, aliases, addresses, comments),
            ListFormat.OfacCons => new OfacLegacyReader(countries).ReadFiles("cons", path, aliases, addresses, comments),
            ListFormat.SimpleJson => new SimpleJsonListReader(countries).ReadFile(path),
            var other => throw new InputException("--format", null, null, $"'{other}' is not a list format (csl, ofac-sdn, ofac-cons, simple-json)"),
        };
    }
}
