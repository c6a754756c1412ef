using ComputeGate.Domain;
using System.Globalization;
using ComputeGate.Domain.Parties;
using ComputeGate.Domain.Screening;
using ComputeGate.Formats;
using ComputeGate.Store;

namespace ComputeGate.Application;

/// <summary>
/// The screening index over the restricted-party lists loaded in a store: built once from the store's
/// active entries (immutable, thread-safe), for <c>screen</c>, <c>check --lists</c> and the server.
/// </summary>
public static class StoreScreening
{
    /// <param name="StorePath">The store (a SQLite file or a PostgreSQL connection string).</param>
    /// <param name="OrgTypes">The legal-form vocabulary (OpenSanctions org_types.yml), or null for none.</param>
    /// <param name="Threshold">The score from which a match is a hit (0..1).</param>
    public sealed record Options(string StorePath, string? OrgTypes, double Threshold);

    /// <summary>Builds the index from the store's active entries; the legal-form vocabulary is optional.</summary>
    public static ScreeningIndex BuildIndex(Options o, out int lists, TextWriter? warnings = null)
    {
        if (o.OrgTypes is null)
        {
            warnings?.WriteLine("warning: no legal-form vocabulary given (--org-types or $COMPUTEGATE_ORG_TYPES, an OpenSanctions org_types.yml): legal forms are not removed from names, so 'Co., Ltd.' and 'Company Limited' count as words");
        }

        using var store = ListStore.Open(o.StorePath);
        var status = store.Status(DateTimeOffset.MinValue);
        if (status.Count == 0)
        {
            throw new InputException(o.StorePath, null, null, "no lists loaded in the store (import one with `computegate lists import <file>`)");
        }

        lists = status.Count;
        var forms = o.OrgTypes is null
            ? null
            : OrgTypesLoader.Load(o.OrgTypes, File.Exists(o.OrgTypes) ? File.ReadAllText(o.OrgTypes) : throw new InputException(o.OrgTypes, null, null, "no such file"));
        return ScreeningIndex.Build(store.ActiveEntries(), new NameNormalizer(forms));
    }

    /// <summary>The party screen for order decisions, citing each loaded list's snapshot and import date.</summary>
    public static PartyScreen PartyScreen(Options o, TextWriter? warnings = null) => PartyScreen(o, BuildIndex(o, out _, warnings));

    /// <summary>The party screen over an index already built from the store at <see cref="Options.StorePath"/>.</summary>
    public static PartyScreen PartyScreen(Options o, ScreeningIndex index)
    {
        using var store = ListStore.Open(o.StorePath);
        var snapshot = "loaded lists: " + string.Join(", ", store.Status(DateTimeOffset.MinValue).Select(s =>
            $"{s.List} #{s.Snapshot} ({s.ImportedAt.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}, sha256:{s.SourceSha256[..Math.Min(12, s.SourceSha256.Length)]})"));
        return new PartyScreen(index, snapshot, o.Threshold);
    }

    /// <summary>The legal-form vocabulary named by <c>$COMPUTEGATE_ORG_TYPES</c>, unless one is given.</summary>
    public static string? OrgTypes(string? given) =>
        given ?? (Environment.GetEnvironmentVariable("COMPUTEGATE_ORG_TYPES") is { Length: > 0 } e ? e : null);
}
