using ComputeGate.Store;

namespace ComputeGate.Application.Checking;

/// <summary>
/// Import a licence file (YAML or CSV) into the store: a known number gets the new terms and keeps what was drawn.
/// Nothing is imported when no licence can be read, or, all or nothing, when any is malformed.
/// </summary>
public sealed class ImportLicences(StoreSession store, ReferenceData reference)
{
    /// <param name="AllOrNothing">Import nothing when any licence is malformed (the API); otherwise the good ones go in and the rest are reported (the CLI).</param>
    public sealed record Command(string Name, string Text, bool AllOrNothing);

    /// <param name="Audit">What the store did; null when nothing was imported (<paramref name="Read"/> says why).</param>
    public sealed record Result(LicenceFile Read, LicenseImportAudit? Audit, string StoreLocation);

    public Result Run(Command c)
    {
        var read = ReadLicences.Read(reference, c.Name, c.Text);
        if (c.AllOrNothing ? read.Errors.Count > 0 : read.Licenses.Count == 0)
        {
            return new Result(read, null, store.Location);
        }

        return new Result(read, store.Licenses.Import(read.Licenses), store.Location);
    }
}
