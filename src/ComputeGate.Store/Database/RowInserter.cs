using System.Data.Common;
using System.Text;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace ComputeGate.Store.Database;

/// <summary>
/// Inserts rows through one prepared statement whose values are <c>@p0</c>, <c>@p1</c>, … in order, bound by
/// position: the hot path of the decision log (a million rows a run). <see cref="Insert"/> returns the rows
/// written (0 when an <c>ON CONFLICT DO NOTHING</c> skipped it). <see cref="Queue"/> and <see cref="Flush"/> let a
/// dialect send many rows at once when the caller knows they are new: SQLite (in process) inserts each at once,
/// a server database sends them in one batch (one round trip).
/// </summary>
public abstract class RowInserter : IDisposable
{
    public abstract void Int64(int column, long value);

    public abstract void Text(int column, string? value);

    /// <summary>Text given as UTF-8 bytes (no conversion where the store takes them as they are).</summary>
    public abstract void Utf8(int column, ReadOnlySpan<byte> value);

    public abstract int Insert();

    private int _queued;

    /// <summary>Adds the row as bound to what <see cref="Flush"/> writes (here: inserted now).</summary>
    public virtual void Queue() => _queued += Insert();

    /// <summary>Writes the queued rows; returns how many were written.</summary>
    public virtual int Flush()
    {
        var written = _queued;
        _queued = 0;
        return written;
    }

    public abstract void Dispose();

    /// <summary>Through ADO.NET parameters (PostgreSQL).</summary>
    internal sealed class Ado : RowInserter
    {
        private readonly DbCommand _cmd;

        public Ado(DbConnection db, DbTransaction tx, string sql, int columns)
        {
            _cmd = db.Command(tx, sql, Enumerable.Range(0, columns).Select(i => ($"@p{i}", (object?)null)).ToArray());
            _cmd.Prepare();
        }

        public override void Int64(int column, long value) => _cmd.Parameters[column].Value = value;

        public override void Text(int column, string? value) => _cmd.Parameters[column].Value = (object?)value ?? DBNull.Value;

        public override void Utf8(int column, ReadOnlySpan<byte> value) => _cmd.Parameters[column].Value = Encoding.UTF8.GetString(value);

        public override int Insert() => _cmd.ExecuteNonQuery();

        private DbBatch? _batch;

        /// <summary>A copy of the bound row joins a batch sent by <see cref="Flush"/> (when the provider batches; else inserted now).</summary>
        public override void Queue()
        {
            var connection = _cmd.Connection!;
            if (!connection.CanCreateBatch)
            {
                base.Queue();
                return;
            }

            _batch ??= connection.CreateBatch();
            _batch.Transaction = _cmd.Transaction;
            var command = _batch.CreateBatchCommand();
            command.CommandText = _cmd.CommandText;
            foreach (DbParameter bound in _cmd.Parameters)
            {
                var p = command.CreateParameter();
                p.ParameterName = bound.ParameterName;
                p.Value = bound.Value;
                command.Parameters.Add(p);
            }

            _batch.BatchCommands.Add(command);
        }

        public override int Flush()
        {
            if (_batch is null || _batch.BatchCommands.Count == 0)
            {
                return base.Flush();
            }

            _batch.ExecuteNonQuery();
            var written = _batch.BatchCommands.Sum(c => c.RecordsAffected);
            _batch.Dispose();
            _batch = null;
            return written + base.Flush();
        }

        public override void Dispose()
        {
            _batch?.Dispose();
            _cmd.Dispose();
        }
    }

    /// <summary>
    /// Straight on SQLite's statement API under Microsoft.Data.Sqlite's connection (and so inside its
    /// transaction): about a third of the per-row cost of a command, and UTF-8 text bound as it is.
    /// </summary>
    internal sealed class Sqlite : RowInserter
    {
        private readonly sqlite3 _db;
        private readonly sqlite3_stmt _stmt;

        public Sqlite(SqliteConnection connection, string sql)
        {
            _db = connection.Handle!;
            Check(raw.sqlite3_prepare_v2(_db, sql, out _stmt));
        }

        public override void Int64(int column, long value) => Check(raw.sqlite3_bind_int64(_stmt, column + 1, value));

        public override void Text(int column, string? value) =>
            Check(value is null ? raw.sqlite3_bind_null(_stmt, column + 1) : raw.sqlite3_bind_text(_stmt, column + 1, value));

        public override void Utf8(int column, ReadOnlySpan<byte> value) => Check(raw.sqlite3_bind_text(_stmt, column + 1, value));

        public override int Insert()
        {
            var rc = raw.sqlite3_step(_stmt);
            var changed = rc == raw.SQLITE_DONE ? raw.sqlite3_changes(_db) : 0;
            raw.sqlite3_reset(_stmt);
            if (rc != raw.SQLITE_DONE)
            {
                throw new SqliteException(raw.sqlite3_errmsg(_db).utf8_to_string(), rc);
            }

            return changed;
        }

        public override void Dispose() => _stmt.Dispose();

        private void Check(int rc)
        {
            if (rc != raw.SQLITE_OK)
            {
                throw new SqliteException(raw.sqlite3_errmsg(_db).utf8_to_string(), rc);
            }
        }
    }
}
