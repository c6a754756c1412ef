using ComputeGate.Application;
using ComputeGate.Application.Checking;
using ComputeGate.Application.Screening;
using ComputeGate.Store;

namespace ComputeGate.Server;

/// <summary>
/// What the server holds for its life: one store session, and the reference data with the screening over the
/// store's lists (<see cref="ListScreening"/>), an immutable snapshot swapped whole when a list is imported
/// (requests in flight finish on the old one). The use cases are made per request from these.
/// </summary>
public sealed class EngineHost : IDisposable
{
    private readonly ServerOptions _options;
    private volatile ListScreening _screening;

    public EngineHost(ServerOptions options)
    {
        _options = options;
        Store = StoreSession.Open(options.Store, options.Clock);
        Screening = ScreeningOptions.From(options.OrgTypes);
        _screening = Load(ReferenceData.Embedded());
    }

    public StoreSession Store { get; }
    public TimeProvider Clock => _options.Clock;

    /// <summary>How the store's lists are screened (the legal-form vocabulary, the threshold).</summary>
    public ScreeningOptions Screening { get; }

    /// <summary>The screening now: the loaded lists' index (null when none is loaded) and the reference data.</summary>
    public ListScreening Current => _screening;
    public ReferenceData Reference => _screening.Reference;

    /// <summary>Today (UTC) by the injected clock.</summary>
    public DateOnly Today => DateOnly.FromDateTime(Clock.GetUtcNow().UtcDateTime);

    /// <summary>Rebuilds the screening from the store's lists (after an import).</summary>
    public void ReloadLists() => _screening = Load(_screening.Reference);

    // A long-lived index: every listed word's neighbours searched now, so no request pays for a cold one.
    private ListScreening Load(ReferenceData reference) => ListScreening.Load(Store, reference, Screening, required: false, prepare: true);

    /// <summary>Check one line, logged through <paramref name="log"/>.</summary>
    public CheckLine CheckLine(ILineLog log) => new(_screening, Store, log);

    /// <summary>Check an order book on the screening as it is now.</summary>
    public CheckOrderBook CheckOrderBook() => new(_screening, Store, Clock);

    /// <summary>An item by catalog id, or a 404-worthy null.</summary>
    public Domain.Items.Item? Item(string id) => Reference.Catalog.Find(id);

    /// <summary>An item given inline (the item-file format, as JSON).</summary>
    public Domain.Items.Item ReadItem(string json) => Reference.ReadItem("item", json);

    public void Dispose() => Store.Dispose();
}
