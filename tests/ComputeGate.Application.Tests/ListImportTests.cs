using System.Security.Cryptography;
using System.Text;
using ComputeGate.Application.Lists;
using ComputeGate.Application.Screening;
using ComputeGate.Domain;
using ComputeGate.Store;

namespace ComputeGate.Application.Tests;

/// <summary>The ImportList use case: the file is read once, from its stream, and hashed while it is read.</summary>
public sealed class ListImportTests : IDisposable
{
    private readonly Scratch _dir = new();
    private readonly ReferenceData _reference = ReferenceData.Embedded();

    public static string SimpleList(params string[] names) =>
        $$"""{"list_id":"sdn","count":{{names.Length}},"entities":[{{string.Join(",", names.Select((n, i) => $$"""{"id":"e-{{i}}","name":"{{n}}","country":"CN"}"""))}}]}""";

    private ImportList.Result Import(StoreSession store, Upload file) =>
        new ImportList(store, TimeProvider.System).Run(new ImportList.Command(file, null, _reference.Countries), ScreeningOptions.From(null));

    [Fact]
    public void TheRecordedSha256IsThatOfTheFileAsOnDisk()
    {
        var file = _dir.Write("sdn.json", SimpleList("Sugon Information Industry Co., Ltd.", "Example Compute Ltd."));
        using var store = StoreSession.Open(Path.Combine(_dir.Path, "store.db"), TimeProvider.System);
        var result = Import(store, Upload.FromFile(file));
        var expected = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(file)));
        Assert.Equal(expected, result.Sha256);
        Assert.Equal(expected, Assert.Single(store.Lists.Status(DateTimeOffset.UtcNow)).SourceSha256);
        Assert.Equal(2, store.Lists.ActiveEntries("sdn").Count());
    }

    [Fact]
    public void AnUploadThatCannotSeekIsReadAndHashedTheSame()
    {
        var bytes = Encoding.UTF8.GetBytes(SimpleList("Sugon Information Industry Co., Ltd."));
        using var store = StoreSession.Open(Path.Combine(_dir.Path, "store.db"), TimeProvider.System);
        var result = Import(store, new Upload("upload.json", new ForwardOnly(bytes)));
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), result.Sha256);
        Assert.Single(store.Lists.ActiveEntries("sdn"));
    }

    [Fact]
    public void ATruncatedFileNamesItselfAndLeavesTheStoredSnapshot()
    {
        using var store = StoreSession.Open(Path.Combine(_dir.Path, "store.db"), TimeProvider.System);
        Import(store, Upload.FromFile(_dir.Write("sdn.json", SimpleList("Sugon Information Industry Co., Ltd."))));
        var cut = _dir.Write("cut.json", SimpleList("A Ltd.", "B Ltd.").Replace("\"count\":2", "\"count\":3", StringComparison.Ordinal));
        var e = Assert.Throws<InputException>(() => Import(store, Upload.FromFile(cut)));
        Assert.Contains("cut.json", e.Message, StringComparison.Ordinal);
        Assert.Equal("Sugon Information Industry Co., Ltd.", Assert.Single(store.Lists.ActiveEntries("sdn")).Names[0].Name);
    }

    [Fact]
    public void AMissingFileIsBadInputNamingIt()
    {
        var e = Assert.Throws<InputException>(() => Upload.FromFile(Path.Combine(_dir.Path, "nope.json")));
        Assert.Contains("nope.json", e.Message, StringComparison.Ordinal);
    }

    public void Dispose() => _dir.Dispose();

    /// <summary>A network upload: read forward only.</summary>
    private sealed class ForwardOnly(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;

        public override long Seek(long offset, SeekOrigin loc) => throw new NotSupportedException();

        public override long Position
        {
            get => base.Position;
            set => throw new NotSupportedException();
        }
    }
}
