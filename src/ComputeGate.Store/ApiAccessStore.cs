using System.Security.Cryptography;
using System.Text;
using ComputeGate.Store.Database;

namespace ComputeGate.Store;

/// <summary>What an API key may do; each role may also do what the roles before it may.</summary>
public enum ApiRole
{
    /// <summary>Reads: classifications, lists status, licences, cases, decisions, audit.</summary>
    Viewer,

    /// <summary>Also checks order lines and screens names (which log decisions and raise cases).</summary>
    Analyst,

    /// <summary>Also confirms and clears review cases.</summary>
    Reviewer,

    /// <summary>Also imports lists and licences and manages keys.</summary>
    Admin,
}

/// <summary>An API key as stored: never the key itself, only its hash.</summary>
public sealed record ApiKey(long Id, string Name, ApiRole Role, string CreatedAt, string? RevokedAt)
{
    public bool Active => RevokedAt is null;
}

/// <summary>A stored response to an idempotent request: the hash of the body it answered, and the response.</summary>
public sealed record IdempotentResponse(string RequestSha256, string Response);

/// <summary>
/// API keys (hashed, with a role) and the idempotency keys of one-line checks. A key is 32 random bytes,
/// shown once as <c>cg_</c> + base64url; the store keeps its SHA-256 only.
/// </summary>
public sealed class ApiAccessStore(StoreDatabase store, TimeProvider clock)
{
    /// <summary>The role's name as stored and as given on the command line: viewer, analyst, reviewer, admin.</summary>
    public static string RoleName(ApiRole role) => role.ToString().ToLowerInvariant();

    public static bool TryParseRole(string? text, out ApiRole role)
    {
        role = default;
        return text is "viewer" or "analyst" or "reviewer" or "admin" && Enum.TryParse(text, ignoreCase: true, out role);
    }

    /// <summary>The SHA-256 (lower-case hex) of a key as given.</summary>
    public static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    /// <summary>Makes a key; returns it (the only time it is seen) and its record. A name is used once.</summary>
    public (string Key, ApiKey Record) Create(string name, ApiRole role)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Length > 100 || name.Any(char.IsControl))
        {
            throw new ArgumentException("a key name is 1 to 100 printable characters");
        }

        var key = "cg_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        using var db = store.Connect();
        using var tx = store.Dialect.BeginWrite(db, "api_keys");
        if (db.Int64(tx, "SELECT COUNT(*) FROM api_keys WHERE name = @n", ("@n", name.Trim())) > 0)
        {
            throw new InvalidOperationException($"a key named '{name.Trim()}' exists already");
        }

        var id = db.Int64(tx, "INSERT INTO api_keys (name, role, key_hash, created_at) VALUES (@n, @r, @h, @t) RETURNING id",
            ("@n", name.Trim()), ("@r", RoleName(role)), ("@h", Hash(key)), ("@t", DecisionLog.Timestamp(clock.GetUtcNow())));
        tx.Commit();
        return (key, Get(db, "id = @id", ("@id", id))!);
    }

    /// <summary>The active key whose hash this is, or null.</summary>
    public ApiKey? FindActive(string key)
    {
        using var db = store.Connect();
        return Get(db, "key_hash = @h AND revoked_at IS NULL", ("@h", Hash(key)));
    }

    /// <summary>Every key, oldest first (no hashes).</summary>
    public IReadOnlyList<ApiKey> List()
    {
        using var db = store.Connect();
        return Query(db, "1 = 1 ORDER BY id");
    }

    /// <summary>Revokes a key; false when there is no such active key.</summary>
    public bool Revoke(long id)
    {
        using var db = store.Connect();
        return db.Exec(null, "UPDATE api_keys SET revoked_at = @t WHERE id = @id AND revoked_at IS NULL", ("@t", DecisionLog.Timestamp(clock.GetUtcNow())), ("@id", id)) == 1;
    }

    /// <summary>The response stored for this key's idempotency key, or null.</summary>
    public IdempotentResponse? Idempotent(long apiKeyId, string idempotencyKey)
    {
        using var db = store.Connect();
        using var cmd = db.Command(null, "SELECT request_sha256, response FROM api_idempotency WHERE api_key_id = @k AND idempotency_key = @i", ("@k", apiKeyId), ("@i", idempotencyKey));
        using var r = cmd.ExecuteReader();
        return r.Read() ? new IdempotentResponse(r.GetString(0), r.GetString(1)) : null;
    }

    /// <summary>Stores the response to an idempotency key unless one is there; returns the one stored (first wins).</summary>
    public IdempotentResponse Remember(long apiKeyId, string idempotencyKey, string requestSha256, string response)
    {
        using (var db = store.Connect())
        {
            db.Exec(null, "INSERT INTO api_idempotency (api_key_id, idempotency_key, request_sha256, response, created_at) VALUES (@k, @i, @s, @r, @t) ON CONFLICT (api_key_id, idempotency_key) DO NOTHING",
                ("@k", apiKeyId), ("@i", idempotencyKey), ("@s", requestSha256), ("@r", response), ("@t", DecisionLog.Timestamp(clock.GetUtcNow())));
        }

        return Idempotent(apiKeyId, idempotencyKey)!;
    }

    private static ApiKey? Get(System.Data.Common.DbConnection db, string where, params (string, object?)[] args) => Query(db, where, args).SingleOrDefault();

    private static List<ApiKey> Query(System.Data.Common.DbConnection db, string where, params (string, object?)[] args)
    {
        using var cmd = db.Command(null, "SELECT id, name, role, created_at, revoked_at FROM api_keys WHERE " + where, args);
        using var r = cmd.ExecuteReader();
        var result = new List<ApiKey>();
        while (r.Read())
        {
            TryParseRole(r.GetString(2), out var role);
            result.Add(new ApiKey(r.GetInt64(0), r.GetString(1), role, r.GetString(3), r.NullableString(4)));
        }

        return result;
    }
}
