using ComputeGate.Store.Database;

namespace ComputeGate.Store;

/// <summary>
/// One open store and its parts, made once: what a use case takes instead of building
/// <see cref="CaseStore"/>, <see cref="ListStore"/>, <see cref="DecisionLog"/>... itself. Thread-safe as
/// its parts are (each operation takes its own pooled connection); disposing it closes the store when
/// it opened it.
/// </summary>
public sealed class StoreSession : IDisposable
{
    private readonly bool _owned;

    /// <summary>A session over a store that stays open (the server's, a test's); disposing the session leaves it open.</summary>
    public StoreSession(StoreDatabase database, TimeProvider clock) : this(database, clock, owned: false)
    {
    }

    private StoreSession(StoreDatabase database, TimeProvider clock, bool owned)
    {
        Database = database;
        Clock = clock;
        _owned = owned;
        Lists = new ListStore(database);
        Log = new DecisionLog(database, clock);
        Cases = new CaseStore(database, clock);
        Parties = new PartyRegistry(database, clock);
        Licenses = new LicenseStore(database, clock);
        Access = new ApiAccessStore(database, clock);
    }

    /// <summary>Opens (creating and migrating if needed) the store at <paramref name="location"/>: a SQLite file or a PostgreSQL connection string.</summary>
    public static StoreSession Open(string location, TimeProvider clock) => new(StoreDatabase.Open(location, clock), clock, owned: true);

    public StoreDatabase Database { get; }
    public TimeProvider Clock { get; }

    /// <summary>Where the store is, for messages (a file path, or the PostgreSQL host and database).</summary>
    public string Location => Database.Dialect.Location;

    public ListStore Lists { get; }
    public DecisionLog Log { get; }
    public CaseStore Cases { get; }
    public PartyRegistry Parties { get; }
    public LicenseStore Licenses { get; }
    public ApiAccessStore Access { get; }

    public void Dispose()
    {
        if (_owned)
        {
            Database.Dispose();
        }
    }
}
