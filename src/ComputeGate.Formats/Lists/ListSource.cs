using ComputeGate.Domain;
using System.Buffers.Binary;
using System.Globalization;
using System.IO.Compression;
using System.Text;

namespace ComputeGate.Formats.Lists;

/// <summary>
/// A list file to read: the name that messages and rejected rows give it, and its bytes. Gzipped content
/// is recognised by its magic bytes (1F 8B), never by the file name, and decompressed by the readers.
/// A source is read once; whoever made it disposes it (the readers' ReadFile methods do so for the files they open).
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

    /// <summary>
    /// The content, decompressed when it starts with the gzip magic bytes. Disposing it leaves the source open.
    /// GZipStream ends quietly where a cut gzip file ends, which would pass half a list as a whole one: so at
    /// the end the decompressed length is checked against the size in the gzip trailer (its last 4 bytes, RFC
    /// 1952 ISIZE), and a mismatch is an <see cref="InvalidDataException"/> (a truncated download, or a file
    /// of several gzip members, which list publishers do not produce).
    /// </summary>
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
        if (read < 2 || !IsGzip(magic))
        {
            return new Content(stream, disposeInner: false, expectedSize: null);
        }

        Span<byte> trailer = stackalloc byte[4];
        stream.Seek(-4, SeekOrigin.End);
        stream.ReadExactly(trailer);
        stream.Position = start;
        var size = BinaryPrimitives.ReadUInt32LittleEndian(trailer);
        return new Content(new GZipStream(stream, CompressionMode.Decompress, leaveOpen: true), disposeInner: true, size);
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

    // What the readers read and dispose: the source's own stream stays open (the source closes it).
    private sealed class Content(Stream inner, bool disposeInner, uint? expectedSize) : Stream
    {
        private long _read;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            var n = inner.Read(buffer);
            _read += n;
            if (n == 0 && buffer.Length > 0 && expectedSize is { } size && unchecked((uint)_read) != size)
            {
                throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture,
                    $"it ends early ({_read:N0} bytes decompressed, the gzip trailer says {size:N0}): the file is truncated"));
            }

            return n;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing && disposeInner)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
