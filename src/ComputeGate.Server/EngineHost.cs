using System.Collections.Concurrent;
using ComputeGate.Domain.Licensing;
using ComputeGate.Domain.Screening;
using ComputeGate.Formats;
using ComputeGate.Application;
using ComputeGate.Store;
using ComputeGate.Store.Database;

namespace ComputeGate.Server;

/// <summary>
/// The engine and the store for the life of the server. The screening over the store's lists is an
/// immutable snapshot, swapped whole when a list is imported (requests in flight finish on the old one).
/// Order-book deciders are not thread-safe and keep caches: they are pooled per mode and snapshot.
/// </summary>
public sealed class EngineHost : IDisposable
{
    private readonly ServerOptions _options;
    private volatile Snapshot _current;

    /// <summary>The engine as of one list import: its screening (null when no list is loaded) and the entry versions cases are raised against.</summary>
    public sealed class Snapshot(ReferenceData engine, ScreeningIndex? index, IReadOnlyDictionary<(string List, string EntryId), string> versions)
    {
        public ReferenceData Reference => engine;

        /// <summary>The screening index over the loaded lists, or null when none is loaded.</summary>
        public ScreeningIndex? Index => index;
        public IReadOnlyDictionary<(string List, string EntryId), string> EntryVersions => versions;
        internal ConcurrentBag<(OrderLineDecider Line, OrderBookDecider Book)>[] Pools { get; } = [new(), new()];
    }

    public EngineHost(ServerOptions options)
    {
        _options = options;
        Store = StoreDatabase.Open(options.Store, options.Clock);
        Log = new DecisionLog(Store, options.Clock);
        _current = Load(ReferenceData.Embedded());
    }

    public StoreDatabase Store { get; }
    public IDecisionLog Log { get; }
    public TimeProvider Clock => _options.Clock;

    /// <summary>The legal-form vocabulary file the screening uses (an org_types.yml), or null.</summary>
    public string? OrgTypes => StoreScreening.OrgTypes(_options.OrgTypes);
    public Snapshot Current => _current;
    public ReferenceData Reference => _current.Reference;

    /// <summary>Today (UTC) by the injected clock.</summary>
    public DateOnly Today => DateOnly.FromDateTime(Clock.GetUtcNow().UtcDateTime);

    /// <summary>Rebuilds the screening from the store's lists (after an import).</summary>
    public void ReloadLists() => _current = Load(_current.Reference with { Screen = null });

    private Snapshot Load(ReferenceData engine)
    {
        using var lists = new ListStore(Store);
        if (lists.Status(DateTimeOffset.MinValue).Count == 0)
        {
            return new Snapshot(engine, null, new Dictionary<(string, string), string>());
        }

        var o = new StoreScreening.Options(_options.Store, StoreScreening.OrgTypes(_options.OrgTypes), ScreeningIndex.DefaultThreshold);
        // A long-lived index: every listed word's neighbours searched now, so no request pays for a cold one.
        var index = StoreScreening.BuildIndex(o, out _).Prepare();
        return new Snapshot(engine with { Screen = StoreScreening.PartyScreen(o, index) }, index, ListEntryVersions.Active(Store));
    }

    /// <summary>Decides one line with a pooled decider (no held licences), or a fresh one drawing on the store's licences for <paramref name="batchId"/>.</summary>
    public (Decision Decision, IReadOnlyList<OrderLineDecider.ScreenedParty> Screened) Decide(Snapshot s, OrderLine line, DecisionMode mode, bool storeLicenses, string batchId, long position)
    {
        if (storeLicenses)
        {
            var held = new LicenseStore(Store, Clock);
            var lineDecider = s.Reference.Decider();
            var book = new OrderBookDecider(lineDecider, s.Reference.Classifier, mode, held.List().Select(l => l.License).ToList(), held.Ledger(batchId));
            return (book.Decide(line, position), lineDecider.ScreenLine(line));
        }

        var pool = s.Pools[mode == DecisionMode.AsWritten ? 1 : 0];
        if (!pool.TryTake(out var pair))
        {
            var lineDecider = s.Reference.Decider();
            pair = (lineDecider, new OrderBookDecider(lineDecider, s.Reference.Classifier, mode, []));
        }

        try
        {
            return (pair.Book.Decide(line, position), pair.Line.ScreenLine(line));
        }
        finally
        {
            pool.Add(pair);
        }
    }

    /// <summary>An item by catalog id, or a 404-worthy null.</summary>
    public Domain.Items.Item? Item(string id) => Reference.Catalog.Find(id);

    /// <summary>An item given inline (the item-file format, as JSON).</summary>
    public Domain.Items.Item ReadItem(string json) => new ItemReader(Reference.Catalog.Find).Read("item", json);

    public void Dispose() => Store.Dispose();
}
