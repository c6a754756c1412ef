using ComputeGate.Domain;
using ComputeGate.Domain.Licensing;
using ComputeGate.Formats;
using ComputeGate.Store;

namespace ComputeGate.Application.Checking;

/// <summary>
/// The licences a check draws on: none, a file's (drawn in memory for this run), or the store's (drawn in the
/// store for the batch: shared by every check, never overdrawn, each line drawn once per batch).
/// </summary>
public sealed record LicenceChoice(IReadOnlyList<HeldLicense> FromFile, bool FromStore)
{
    public static readonly LicenceChoice None = new([], false);

    public static readonly LicenceChoice Store = new([], true);

    public static LicenceChoice File(IReadOnlyList<HeldLicense> licenses) => new(licenses, false);

    /// <summary>The licences and where they are drawn down (null: in memory).</summary>
    public (IReadOnlyList<HeldLicense> Licenses, ILicenseLedger? Ledger) Open(StoreSession store, string batchId) =>
        FromStore ? (store.Licenses.List().Select(l => l.License).ToList(), store.Licenses.Ledger(batchId)) : (FromFile, null);
}

/// <summary>A licence file read: the licences, and what a person must be told (malformed licences left out, unknown item ids).</summary>
public sealed record LicenceFile(IReadOnlyList<HeldLicense> Licenses, IReadOnlyList<InputException> Errors, IReadOnlyList<string> Warnings);

/// <summary>Reads licence files (YAML or CSV) for <c>check --licenses</c>, <c>licenses import</c> and the API.</summary>
public static class ReadLicences
{
    public static LicenceFile Read(ReferenceData reference, string name, string text)
    {
        var result = new LicenseFileReader(reference.Countries.TryResolve).Read(name, text);
        var warnings = result.Errors.Select(e => $"{e.Message} (licence left out)").ToList();

        // A typo in an item id would make a licence silently match nothing: say so (the licence is kept).
        foreach (var license in result.Licenses)
        {
            warnings.AddRange(license.Items.Where(i => !reference.Catalog.Contains(i))
                .Select(id => $"{name}: licence {license.Number}: items: '{id}' is not a catalog id (see `computegate catalog`); it can match no line"));
        }

        return new LicenceFile(result.Licenses, result.Errors, warnings);
    }

    /// <summary>A licence file on disk.</summary>
    public static LicenceFile ReadFile(ReferenceData reference, string path) =>
        Read(reference, path, InputFiles.ReadText(path));
}
