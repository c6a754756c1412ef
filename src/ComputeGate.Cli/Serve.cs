using ComputeGate.Domain;
using System.CommandLine;
using ComputeGate.Store;

namespace ComputeGate.Cli;

/// <summary><c>computegate serve</c> (the API and web UI) and <c>computegate keys</c> (the API keys that open them).</summary>
/// <summary>What `computegate serve` was asked for; the executable (ComputeGate.Host) starts the server with it.</summary>
/// <param name="Store">The store (a SQLite file or a PostgreSQL connection string).</param>
/// <param name="Urls">Where to listen.</param>
/// <param name="OrgTypes">The legal-form vocabulary for screening, or null.</param>
/// <param name="MaxUploadBytes">Largest upload.</param>
public sealed record ServeArguments(string Store, string Urls, string? OrgTypes, long MaxUploadBytes, TimeProvider Clock);

public static class Serve
{
    /// <param name="serve">Runs the server until stopped (null: this build has no server).</param>
    public static Command ServeCommand(Func<Func<int>, int> guard, TextWriter output, TimeProvider clock, Func<ServeArguments, TextWriter, int>? serve)
    {
        var db = new Option<string?>("--db") { Description = "The store (a SQLite file or a PostgreSQL connection string; default: $COMPUTEGATE_DB, else ~/.local/share/computegate/computegate.db)." };
        var urls = new Option<string>("--urls") { Description = "Where to listen.", DefaultValueFactory = _ => "http://127.0.0.1:5080" };
        var orgTypes = new Option<string?>("--org-types") { Description = "Legal-form vocabulary for screening (OpenSanctions org_types.yml); default $COMPUTEGATE_ORG_TYPES." };
        var maxUpload = new Option<long>("--max-upload-mb") { Description = "Largest upload (order books, list and licence files), in MB.", DefaultValueFactory = _ => 256 };
        var command = new Command("serve", "Serve the HTTP API (/api, OpenAPI at /openapi/v1.json) and the web UI on the store; every decision is logged. Access by API key (`computegate keys create`).")
        {
            db, urls, orgTypes, maxUpload,
        };
        command.SetAction(r => guard(() => (serve ?? throw new InputException("serve", null, null, "this build of computegate has no server"))(
            new ServeArguments(App.StorePath(r.GetValue(db)), r.GetValue(urls)!, r.GetValue(orgTypes),
                r.GetValue(maxUpload) is > 0 and var mb ? checked(mb * 1024 * 1024) : throw new InputException("--max-upload-mb", null, null, "must be a positive number"), clock), output)));
        return command;
    }

    public static Command KeysCommand(Func<Func<int>, int> guard, TextWriter output, TimeProvider clock)
    {
        var db = new Option<string?>("--db") { Description = "The store (default: $COMPUTEGATE_DB, else ~/.local/share/computegate/computegate.db)." };
        var name = new Option<string>("--name") { Description = "Who or what the key is for (unique).", Required = true };
        var role = new Option<string>("--role") { Description = "viewer (reads) | analyst (checks, screens) | reviewer (confirms, clears cases) | admin (imports, keys).", Required = true };
        var create = new Command("create", "Make an API key; it is printed once (the store keeps only its SHA-256).") { name, role, db };
        create.SetAction(r => guard(() =>
        {
            if (!ApiAccessStore.TryParseRole(r.GetValue(role), out var parsed))
            {
                throw new InputException("--role", null, null, $"'{r.GetValue(role)}' is not a role (viewer, analyst, reviewer, admin)");
            }

            using var store = StoreSession.Open(App.StorePath(r.GetValue(db)), clock);
            try
            {
                var (key, _) = store.Access.Create(r.GetValue(name)!, parsed);
                output.WriteLine(key);
                return App.Ok;
            }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException)
            {
                throw new InputException("--name", null, null, e.Message);
            }
        }));
        var list = new Command("list", "The API keys: name, role, created, revoked (never the keys).") { db };
        list.SetAction(r => guard(() =>
        {
            using var store = StoreSession.Open(App.StorePath(r.GetValue(db)), clock);
            foreach (var k in store.Access.List())
            {
                output.WriteLine($"{k.Id}\t{k.Name}\t{ApiAccessStore.RoleName(k.Role)}\t{k.CreatedAt}\t{k.RevokedAt ?? "active"}");
            }

            return App.Ok;
        }));
        return new Command("keys", "API keys for `computegate serve`.") { create, list };
    }
}
