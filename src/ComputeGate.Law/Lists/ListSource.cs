using System.IO.Compression;
using System.Text;

namespace ComputeGate.Law.Lists;

/// <summary>
/// A list file to read: the name that messages and rejected rows give it, and its bytes. Gzipped content
/// is recognised by its magic bytes (1F 8B), never by the file name, and decompressed by the readers.
/// A source is read once; dispose it (or let the reader that took it do so).
/// </summary>
public sealed class ListSource : IDisposable
{
    private readonly Stream _stream;
    private readonly bool _leaveOpen;

    private ListSource(string name, Stream stream, bool leaveOpen)
    {
        Name = name;
        _stream = stream;
        _leaveOpen = leaveOpen;
    }

    /// <summary>The file name shown in messages.</summary>
    public string Name { get; }

    /// <summary>The file at <paramref name="path"/>; messages name it by its file name.</summary>
    public static ListSource FromFile(string path)
    {
        try
        {
            return new ListSource(Path.GetFileName(path), File.OpenRead(path), leaveOpen: false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InputException(path, null, null, $"cannot be opened: {e.Message}");
        }
    }

    /// <summary>A stream; one that cannot seek is buffered in memory first (to look at its first bytes).</summary>
    public static ListSource FromStream(string name, Stream stream, bool leaveOpen = false) => new(name, stream, leaveOpen);

    public static ListSource FromBytes(string name, byte[] bytes) => new(name, new MemoryStream(bytes, writable: false), leaveOpen: false);

    /// <summary>Text, read as UTF-8.</summary>
    public static ListSource FromText(string name, string text) => FromBytes(name, Encoding.UTF8.GetBytes(text));

    /// <summary>The content, decompressed when it starts with the gzip magic bytes. Disposing it leaves the source open.</summary>
    internal Stream OpenContent()
    {
        var stream = _stream;
        if (!stream.CanSeek)
        {
            var copy = new MemoryStream();
            stream.CopyTo(copy);
            copy.Position = 0;
            stream = copy;
        }

        var start = stream.Position;
        Span<byte> magic = stackalloc byte[2];
        var read = stream.ReadAtLeast(magic, 2, throwOnEndOfStream: false);
        stream.Position = start;
        return read == 2 && IsGzip(magic)
            ? new GZipStream(stream, CompressionMode.Decompress, leaveOpen: true)
            : new NonClosingStream(stream);
    }

    /// <summary>Whether the bytes start with the gzip magic bytes 1F 8B.</summary>
    internal static bool IsGzip(ReadOnlySpan<byte> bytes) => bytes.Length >= 2 && bytes[0] == 0x1F && bytes[1] == 0x8B;

    public void Dispose()
    {
        if (!_leaveOpen)
        {
            _stream.Dispose();
        }
    }

    // The readers dispose what they read; the source's own stream is closed by the source.
    private sealed class NonClosingStream(Stream inner) : Stream
    {
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);
        public override int Read(Span<byte> buffer) => inner.Read(buffer);
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => inner.ReadAsync(buffer, cancellationToken);
        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
