using System.Security.Cryptography;
using ComputeGate.Application.Lists;
using CsCheck;

namespace ComputeGate.Application.Tests;

public class HashingStreamTests
{
    /// <summary>
    /// A reader that peeks at the start, seeks back, reads in chunks of any size and stops anywhere: the hash is still
    /// the SHA-256 of the whole content, each byte counted once.
    /// </summary>
    [Fact]
    public void TheHashIsOfTheWholeContentWhateverTheReaderDoes() =>
        Gen.Select(Gen.Byte.Array[0, 5000], Gen.Int[1, 700], Gen.Int[0, 100], Gen.Int[0, 5000])
            .Sample((data, chunk, peek, stopAt) =>
            {
                using var s = new HashingStream(new MemoryStream(data));
                var buffer = new byte[chunk];
                s.ReadAtLeast(new byte[peek], peek, throwOnEndOfStream: false);
                s.Position = 0;
                var read = 0;
                int n;
                while (read < stopAt && (n = s.Read(buffer, 0, buffer.Length)) > 0)
                {
                    read += n;
                }

                return s.Finish() == Convert.ToHexStringLower(SHA256.HashData(data));
            });

    [Fact]
    public void AnEmptyStreamHasTheHashOfNothing()
    {
        using var s = new HashingStream(new MemoryStream());
        Assert.Equal("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", s.Finish());
    }
}
