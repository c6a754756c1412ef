using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using ComputeGate.Domain.Geography;
using ComputeGate.Domain.Licensing;
using ComputeGate.Store.Database;

namespace ComputeGate.Store;

/// <summary>A licence in the store with what has been drawn on it.</summary>
public sealed record StoredLicense(HeldLicense License, long QuantityUsed, decimal ValueUsedUsd, string ImportedAt)
{
    public (int? Quantity, decimal? Value) Left => InMemoryLicenseLedger.Left(License, QuantityUsed, ValueUsedUsd);
}

/// <summary>What an import did: licences new to the store, licences whose terms changed (what was drawn is kept), and unchanged ones.</summary>
public sealed record LicenseImportAudit(int Inserted, int Updated, int Unchanged);

/// <summary>
/// The licences held, in the store, and their drawdowns. A drawdown is one transaction: the licence row is
/// locked (PostgreSQL: <c>SELECT … FOR UPDATE</c>; SQLite: the database write lock of <c>BEGIN IMMEDIATE</c>),
/// the balance checked and changed, and the drawdown recorded, so concurrent checks (processes, API requests)
/// never overdraw a licence's quantity or value. A line (batch, position) is drawn at most once: drawing it
/// again returns the first drawdown, which is what lets a killed batch resume.
/// </summary>
public sealed class LicenseStore(StoreDatabase store, TimeProvider clock)
{
    private static readonly JsonSerializerOptions TermsJson = new() { DefaultIgnoreCondition = JsonIgnoreCondition.Never };

    /// <summary>Adds new licences and updates the terms of known ones (by number), in one transaction.</summary>
    public LicenseImportAudit Import(IReadOnlyList<HeldLicense> licenses)
    {
        using var db = store.Connect();
        using var tx = store.Dialect.BeginWrite(db, "licenses");
        var at = DecisionLog.Timestamp(clock.GetUtcNow());
        int inserted = 0, updated = 0, unchanged = 0;
        foreach (var l in licenses)
        {
            var terms = Terms(l);
            var old = (string?)db.Scalar(tx, "SELECT terms FROM licenses WHERE number = @n", ("@n", l.Number));
            if (old == terms)
            {
                unchanged++;
                continue;
            }

            if (old is null)
            {
                db.Exec(tx, "INSERT INTO licenses (number, holder, terms, quantity_limit, value_limit_usd, quantity_used, value_used_usd, imported_at, source) VALUES (@n, @h, @t, @q, @v, 0, @zero, @a, @s)",
                    ("@n", l.Number), ("@h", l.Holder), ("@t", terms), ("@q", (long?)l.QuantityLimit), ("@v", l.ValueLimitUsd), ("@zero", 0m), ("@a", at), ("@s", l.Source));
                inserted++;
            }
            else
            {
                db.Exec(tx, "UPDATE licenses SET holder = @h, terms = @t, quantity_limit = @q, value_limit_usd = @v, imported_at = @a, source = @s WHERE number = @n",
                    ("@n", l.Number), ("@h", l.Holder), ("@t", terms), ("@q", (long?)l.QuantityLimit), ("@v", l.ValueLimitUsd), ("@a", at), ("@s", l.Source));
                updated++;
            }
        }

        tx.Commit();
        return new LicenseImportAudit(inserted, updated, unchanged);
    }

    /// <summary>Every licence, by number, with what was drawn.</summary>
    public IReadOnlyList<StoredLicense> List()
    {
        using var db = store.Connect();
        using var cmd = db.Command(null, "SELECT terms, quantity_used, value_used_usd, imported_at FROM licenses ORDER BY number");
        using var r = cmd.ExecuteReader();
        var result = new List<StoredLicense>();
        while (r.Read())
        {
            result.Add(new StoredLicense(FromTerms(r.GetString(0)), r.GetInt64(1), r.GetDecimal(2), r.GetString(3)));
        }

        return result;
    }

    /// <summary>
    /// Draws <paramref name="quantity"/> units and <paramref name="valueUsd"/> on a licence for one line of a batch,
    /// if both fit in what is left (a value limit needs a value); all or nothing, in one transaction.
    /// </summary>
    public DrawResult Draw(string number, string batchId, long lineNo, string lineId, int quantity, decimal? valueUsd)
    {
        using var db = store.Connect();
        using var tx = store.Dialect.BeginWrite(db, "license:" + number);
        var license = Read(db, tx, number) ?? throw new InvalidOperationException($"licence {number} is not in the store");
        var earlier = (string?)db.Scalar(tx, "SELECT license_number FROM license_drawdowns WHERE batch_id = @b AND line_no = @l", ("@b", batchId), ("@l", lineNo));
        var (qtyLeft, valueLeft) = license.Left;
        if (earlier is not null)
        {
            // Drawn by an earlier run of this batch: the same draw again, nothing changes.
            return new DrawResult(earlier == number, qtyLeft, valueLeft);
        }

        if ((qtyLeft is { } q && q < quantity) || (valueLeft is { } v && (valueUsd is not { } lv || v < lv)))
        {
            return new DrawResult(false, qtyLeft, valueLeft);
        }

        var (quantityUsed, valueUsed) = (license.QuantityUsed + quantity, license.ValueUsedUsd + (valueUsd ?? 0m));
        db.Exec(tx, "UPDATE licenses SET quantity_used = @q, value_used_usd = @v WHERE number = @n", ("@q", quantityUsed), ("@v", valueUsed), ("@n", number));
        db.Exec(tx, "INSERT INTO license_drawdowns (license_number, batch_id, line_no, line_id, quantity, value_usd, drawn_at) VALUES (@n, @b, @l, @i, @q, @v, @t)",
            ("@n", number), ("@b", batchId), ("@l", lineNo), ("@i", lineId), ("@q", (long)quantity), ("@v", valueUsd), ("@t", DecisionLog.Timestamp(clock.GetUtcNow())));
        tx.Commit();
        var after = InMemoryLicenseLedger.Left(license.License, quantityUsed, valueUsed);
        return new DrawResult(true, after.Quantity, after.Value);
    }

    /// <summary>The units and value drawn on a licence, summed from its drawdowns (what an audit compares with the licence row).</summary>
    public (long Quantity, decimal Value, int Drawdowns) Drawn(string number)
    {
        using var db = store.Connect();
        using var cmd = db.Command(null, "SELECT quantity, value_usd FROM license_drawdowns WHERE license_number = @n", ("@n", number));
        using var r = cmd.ExecuteReader();
        long q = 0;
        var v = 0m;
        var n = 0;
        while (r.Read())
        {
            q += r.GetInt64(0);
            v += r.NullableDecimal(1) ?? 0m;
            n++;
        }

        return (q, v, n);
    }

    /// <summary>A ledger for one batch: <c>check</c> draws the licences of the store through it.</summary>
    public ILicenseLedger Ledger(string batchId) => new BatchLedger(this, batchId);

    private StoredLicense? Read(DbConnection db, DbTransaction tx, string number)
    {
        using var cmd = db.Command(tx, "SELECT terms, quantity_used, value_used_usd, imported_at FROM licenses WHERE number = @n" + store.Dialect.ForUpdate, ("@n", number));
        using var r = cmd.ExecuteReader();
        return r.Read() ? new StoredLicense(FromTerms(r.GetString(0)), r.GetInt64(1), r.GetDecimal(2), r.GetString(3)) : null;
    }

    private sealed class BatchLedger(LicenseStore licenses, string batchId) : ILicenseLedger
    {
        public DrawResult TryDraw(HeldLicense license, OrderLine line, long position) =>
            licenses.Draw(license.Number, batchId, position, line.Id, line.Quantity, line.ValueUsd);
    }

    // ------------------------------------------------------------------ terms as JSON

    private sealed record TermsDto(
        string Number, string Holder, IReadOnlyList<string> Items, IReadOnlyList<string> Eccns, IReadOnlyList<string> Destinations,
        IReadOnlyList<string> EndUsers, int? Quantity, decimal? ValueUsd, string ValidFrom, string ValidUntil, string Source);

    private static string Terms(HeldLicense l) => JsonSerializer.Serialize(
        new TermsDto(l.Number, l.Holder, l.Items, l.Eccns, l.Destinations.Select(d => d.Value).ToList(), l.EndUsers, l.QuantityLimit, l.ValueLimitUsd,
            l.ValidFrom.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), l.ValidUntil.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), l.Source),
        TermsJson);

    private static HeldLicense FromTerms(string json)
    {
        var t = JsonSerializer.Deserialize<TermsDto>(json, TermsJson)!;
        return new HeldLicense(t.Number, t.Holder, t.Items, t.Eccns, t.Destinations.Select(d => new CountryCode(d)).ToList(), t.EndUsers, t.Quantity, t.ValueUsd,
            DateOnly.ParseExact(t.ValidFrom, "yyyy-MM-dd", CultureInfo.InvariantCulture), DateOnly.ParseExact(t.ValidUntil, "yyyy-MM-dd", CultureInfo.InvariantCulture), t.Source);
    }
}
