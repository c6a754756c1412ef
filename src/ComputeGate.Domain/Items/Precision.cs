namespace ComputeGate.Domain.Items;

/// <summary>
/// A numeric format of a multiply-accumulate and its bit length. 3A090 Technical Note 1.c: the bit
/// length of a MAC is the largest bit length of the inputs to the multiply.
/// </summary>
public sealed record Precision
{
    public string Name { get; }
    public int Bits { get; }

    private Precision(string name, int bits)
    {
        Name = name;
        Bits = bits;
    }

    public static IReadOnlyList<Precision> Known { get; } =
    [
        new("fp4", 4), new("int4", 4), new("fp8", 8), new("int8", 8),
        new("fp16", 16), new("bf16", 16), new("fp32", 32), new("fp64", 64),
    ];

    public static bool TryParse(string name, out Precision precision)
    {
        var found = Known.FirstOrDefault(p => string.Equals(p.Name, name.Trim(), StringComparison.OrdinalIgnoreCase));
        precision = found!;
        return found is not null;
    }

    /// <summary>A precision given only by its bit length (<c>bits: N</c> in an item file).</summary>
    public static Precision FromBits(int bits)
    {
        if (bits is < 1 or > 128)
        {
            throw new ArgumentOutOfRangeException(nameof(bits), bits, "bit length must be between 1 and 128");
        }

        return new Precision($"{bits}-bit", bits);
    }

    public override string ToString() => Name;
}
