using System.Security.Cryptography;

namespace ComputeGate.Application.Lists;

/// <summary>
/// Reads a seekable stream through, hashing its bytes (SHA-256) once each, in order, as the reader gets to them:
/// a reader that looks ahead (the first bytes, a gzip trailer) and seeks back does not disturb the hash. What was
/// not read by the end is read by <see cref="Finish"/>. So an import hashes the file while reading it, once.
/// </summary>
public sealed class HashingStream(Stream inner) : Stream
{
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private long _hashed;

    public override bool CanRead => true;
    public override bool CanSeek => true;
    public override bool CanWrite => false;
    public override long Length => inner.Length;

    public override long Position
    {
        get => inner.Position;
        set => inner.Position = value;
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var at = inner.Position;
        var n = inner.Read(buffer);
        if (at <= _hashed && at + n > _hashed)
        {
            _hash.AppendData(buffer[(int)(_hashed - at)..n]);
            _hashed = at + n;
        }

        return n;
    }

    /// <summary>The SHA-256 of the whole stream (lower-case hex); reads what the reader left unread.</summary>
    public string Finish()
    {
        inner.Position = _hashed;
        var buffer = new byte[1 << 16];
        while (Read(buffer) > 0)
        {
        }

        return Convert.ToHexStringLower(_hash.GetHashAndReset());
    }

    public override long Seek(long offset, SeekOrigin origin) => inner.Seek(offset, origin);

    public override void Flush()
    {
    }

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _hash.Dispose();
            inner.Dispose();
        }

        base.Dispose(disposing);
    }
}
