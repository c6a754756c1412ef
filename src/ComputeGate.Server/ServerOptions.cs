namespace ComputeGate.Server;

/// <summary>How <c>computegate serve</c> runs. Defaults are the documented ones.</summary>
public sealed record ServerOptions
{
    /// <summary>The store (a SQLite file or a PostgreSQL connection string): decisions, lists, licences, cases and API keys.</summary>
    public required string Store { get; init; }

    /// <summary>Where to listen (default <c>http://127.0.0.1:5080</c>; loopback unless told otherwise).</summary>
    public string Urls { get; init; } = "http://127.0.0.1:5080";

    /// <summary>The legal-form vocabulary for screening (OpenSanctions org_types.yml), or null.</summary>
    public string? OrgTypes { get; init; }

    /// <summary>The largest JSON request body (default 64 KB); larger is 413.</summary>
    public long MaxJsonBytes { get; init; } = 64 * 1024;

    /// <summary>The largest file upload: order books, list and licence files (default 256 MB).</summary>
    public long MaxUploadBytes { get; init; } = 256L * 1024 * 1024;

    /// <summary>The clock of the log's timestamps and of "today".</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;
}
