using System.Collections.Concurrent;
using System.Globalization;
using ComputeGate.Domain;
using ComputeGate.Domain.Licensing;
using ComputeGate.Domain.Parties;
using ComputeGate.Domain.Screening;
using ComputeGate.Formats;
using ComputeGate.Formats.Lists;
using ComputeGate.Store;

namespace ComputeGate.Application.Screening;

/// <summary>How the lists in the store are screened.</summary>
/// <param name="OrgTypes">The legal-form vocabulary (an OpenSanctions org_types.yml), or null for none.</param>
/// <param name="Threshold">The score from which a match is a hit (0..1).</param>
public sealed record ScreeningOptions(string? OrgTypes, double Threshold = ScreeningIndex.DefaultThreshold)
{
    /// <summary>The vocabulary given, else the one named by <c>$COMPUTEGATE_ORG_TYPES</c>.</summary>
    public static ScreeningOptions From(string? orgTypes, double threshold = ScreeningIndex.DefaultThreshold) =>
        new(orgTypes ?? (Environment.GetEnvironmentVariable("COMPUTEGATE_ORG_TYPES") is { Length: > 0 } e ? e : null), threshold);

    /// <summary>The legal forms of <see cref="OrgTypes"/>, or null when none is given.</summary>
    public LegalForms? LoadLegalForms() => OrgTypes is null
        ? null
        : OrgTypesLoader.Load(OrgTypes, InputFiles.ReadText(OrgTypes));
}

/// <summary>
/// The reference data with the screening over the lists loaded in a store, as of one moment: the index (built
/// once from the store's active entries; immutable, thread-safe), the party screen decisions use, and the entry
/// versions review cases are raised against. The server keeps one and swaps it whole after an import; a CLI run
/// loads one. Order-book deciders (not thread-safe, with caches) are pooled per snapshot and mode.
/// </summary>
public sealed class ListScreening
{
    private readonly ConcurrentBag<(OrderLineDecider Line, OrderBookDecider Book)>[] _pools = [new(), new()];

    private ListScreening(ReferenceData reference, ScreeningIndex? index, IReadOnlyDictionary<(string List, string EntryId), string> versions)
    {
        Reference = reference;
        Index = index;
        EntryVersions = versions;
    }

    /// <summary>The reference data; its <see cref="ReferenceData.Screen"/> is set when lists are loaded.</summary>
    public ReferenceData Reference { get; }

    /// <summary>The screening index over the loaded lists, or null when none is loaded.</summary>
    public ScreeningIndex? Index { get; }

    public PartyScreen? Screen => Reference.Screen;

    public IReadOnlyDictionary<(string List, string EntryId), string> EntryVersions { get; }

    /// <summary>No loaded lists: the bundled Entity List sample only, exact match.</summary>
    public static ListScreening BundledOnly(ReferenceData reference) => new(reference with { Screen = null }, null, new Dictionary<(string, string), string>());

    /// <summary>
    /// The screening over the store's lists. <paramref name="required"/>: no list loaded is bad input (the
    /// commands that exist to screen); otherwise it gives <see cref="BundledOnly"/>. <paramref name="prepare"/>: every
    /// listed word's neighbours searched now (a long-lived index, so no request pays for a cold one); a batch meets a
    /// small part of the listed words and is better off without.
    /// </summary>
    public static ListScreening Load(StoreSession store, ReferenceData reference, ScreeningOptions options, bool required, bool prepare = false, TextWriter? warnings = null)
    {
        var status = store.Lists.Status(DateTimeOffset.MinValue);
        if (status.Count == 0)
        {
            return required
                ? throw new InputException(store.Location, null, null, "no lists loaded in the store (import one with `computegate lists import <file>`)")
                : BundledOnly(reference);
        }

        if (options.OrgTypes is null)
        {
            warnings?.WriteLine("warning: no legal-form vocabulary given (--org-types or $COMPUTEGATE_ORG_TYPES, an OpenSanctions org_types.yml): legal forms are not removed from names, so 'Co., Ltd.' and 'Company Limited' count as words");
        }

        var index = ScreeningIndex.Build(store.Lists.ActiveEntries(), new NameNormalizer(options.LoadLegalForms()));
        if (prepare)
        {
            index = index.Prepare();
        }

        var snapshot = "loaded lists: " + string.Join(", ", status.Select(s =>
            $"{s.List} #{s.Snapshot} ({s.ImportedAt.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}, sha256:{s.SourceSha256[..Math.Min(12, s.SourceSha256.Length)]})"));
        var screen = new PartyScreen(index, snapshot, ListIds.EntityLists, options.Threshold);
        return new ListScreening(reference with { Screen = screen }, index, ListEntryVersions.Active(store.Database));
    }

    /// <summary>Decides one line with a pooled pair of deciders (no held licences).</summary>
    public T WithPooledDecider<T>(DecisionMode mode, Func<OrderBookDecider, T> decide)
    {
        var pool = _pools[mode == DecisionMode.AsWritten ? 1 : 0];
        if (!pool.TryTake(out var pair))
        {
            var line = Reference.Decider();
            pair = (line, new OrderBookDecider(line, Reference.Classifier, mode, []));
        }

        try
        {
            return decide(pair.Book);
        }
        finally
        {
            pool.Add(pair);
        }
    }
}
