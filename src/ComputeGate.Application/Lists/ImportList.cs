using ComputeGate.Application.Screening;
using ComputeGate.Domain;
using ComputeGate.Domain.Screening;
using ComputeGate.Formats;
using ComputeGate.Formats.Lists;
using ComputeGate.Store;

namespace ComputeGate.Application.Lists;

/// <summary>A file given to a use case: the name messages use, and its content (read once; the use case disposes it).</summary>
public sealed record Upload(string Name, Stream Content)
{
    /// <summary>A file on disk (its full path is the name recorded).</summary>
    public static Upload FromFile(string path) => new(Path.GetFullPath(path), InputFiles.Open(path));
}

/// <summary>
/// Import a restricted-party list file in an official format as a new snapshot per list (inserted, updated, unchanged,
/// revived, removed and rejected entries audited); an empty or truncated file changes nothing. The file is hashed while it
/// is read. The parties already decided are then screened again against the entries the import changed, and matches open
/// review cases.
/// </summary>
public sealed class ImportList(StoreSession store, TimeProvider clock)
{
    /// <summary>The formats the import takes.</summary>
    public static readonly IReadOnlyList<string> Formats = [ListFormat.Csl, ListFormat.OfacSdn, ListFormat.OfacCons, ListFormat.SimpleJson];

    /// <param name="Format">csl, ofac-sdn, ofac-cons or simple-json; null: detected from the file's name and first bytes.</param>
    /// <param name="Aliases">OFAC: the alias file.</param>
    /// <param name="Addresses">OFAC: the address file.</param>
    /// <param name="Comments">OFAC: the comments file.</param>
    /// <param name="AllowMassRemoval">Accept an import that removes more than half of a list's active entries.</param>
    public sealed record Command(Upload File, string? Format, CountryDirectory Countries, Upload? Aliases = null, Upload? Addresses = null, Upload? Comments = null, bool AllowMassRemoval = false);

    public sealed record Result(string File, string Format, string Sha256, IReadOnlyList<ImportAudit> Lists, IReadOnlyList<RejectedRow> Rejected, ListChangeResult Rescreened);

    /// <param name="screening">How the stored parties are screened again (the legal-form vocabulary, the threshold).</param>
    public Result Run(Command c, ScreeningOptions screening)
    {
        ParsedList parsed;
        string sha;
        using (var primary = new HashingStream(Seekable(c.File.Content)))
        using (var aliases = c.Aliases?.Content)
        using (var addresses = c.Addresses?.Content)
        using (var comments = c.Comments?.Content)
        {
            var format = c.Format ?? Detect(c.File.Name, primary);
            using var source = ListSource.FromStream(Path.GetFileName(c.File.Name), primary, leaveOpen: true);
            ListSource? Other(Upload? u) => u is null ? null : ListSource.FromStream(Path.GetFileName(u.Name), u.Content, leaveOpen: true);
            parsed = format switch
            {
                ListFormat.Csl => new CslReader(c.Countries).Read(source),
                ListFormat.OfacSdn => new OfacLegacyReader(c.Countries).Read("sdn", source, Other(c.Aliases), Other(c.Addresses), Other(c.Comments)),
                ListFormat.OfacCons => new OfacLegacyReader(c.Countries).Read("cons", source, Other(c.Aliases), Other(c.Addresses), Other(c.Comments)),
                ListFormat.SimpleJson => new SimpleJsonListReader(c.Countries).Read(source),
                var other => throw new InputException("--format", null, null, $"'{other}' is not a list format ({string.Join(", ", Formats)})"),
            };
            sha = primary.Finish();
        }

        var audits = store.Lists.Import(parsed, c.File.Name, sha, clock.GetUtcNow(), c.AllowMassRemoval);
        var rescreened = ListChangeScreening.Run(store, audits.Select(a => a.Snapshot), screening.LoadLegalForms(), screening.Threshold);
        return new Result(c.File.Name, parsed.Format, sha, audits, parsed.Rejected, rescreened);
    }

    private static Stream Seekable(Stream s)
    {
        if (s.CanSeek)
        {
            return s;
        }

        var copy = new MemoryStream();
        using (s)
        {
            s.CopyTo(copy);
        }

        copy.Position = 0;
        return copy;
    }

    private static string Detect(string name, Stream content)
    {
        var prefix = new byte[ListFormat.PrefixLength];
        var n = content.ReadAtLeast(prefix, prefix.Length, throwOnEndOfStream: false);
        content.Position = 0;
        return ListFormat.Detect(Path.GetFileName(name), prefix.AsSpan(0, n));
    }
}
