using ComputeGate.Domain.Classification;
using CsCheck;

namespace ComputeGate.Domain.Tests;

/// <summary>The law is monotone: more TPP or more PD never makes an item less controlled.</summary>
public class MonotonicityPropertyTests
{
    private static readonly Gen<decimal> Tpp = Gen.Int[0, 40_000_0].Select(i => i / 10m);
    private static readonly Gen<decimal> Pd = Gen.Int[0, 30_000].Select(i => i / 1000m);
    private static readonly Gen<decimal> Io = Gen.Int[0, 2000].Select(i => (decimal)i);
    private static readonly DateOnly[] Dates = [Bundled.Window2022, Bundled.After2023, Bundled.After2024Dec, Bundled.Diffusion, Bundled.D("2026-06-01")];

    [Fact]
    public void RaisingTppNeverLowersControl() =>
        Gen.Select(Tpp, Tpp, Pd, Gen.Bool, Io, Gen.Int[0, Dates.Length - 1]).Sample((t1, t2, pd, dc, io, d) =>
        {
            var rules = Bundled.Book.On(Dates[d]);
            var (lo, hi) = t1 <= t2 ? (t1, t2) : (t2, t1);
            return ThreeA090.Evaluate(new IcFacts(lo, pd, dc, io), rules).Level
                   <= ThreeA090.Evaluate(new IcFacts(hi, pd, dc, io), rules).Level;
        });

    [Fact]
    public void RaisingPdNeverLowersControl() =>
        Gen.Select(Tpp, Pd, Pd, Gen.Bool, Io, Gen.Int[0, Dates.Length - 1]).Sample((tpp, p1, p2, dc, io, d) =>
        {
            var rules = Bundled.Book.On(Dates[d]);
            var (lo, hi) = p1 <= p2 ? (p1, p2) : (p2, p1);
            return ThreeA090.Evaluate(new IcFacts(tpp, lo, dc, io), rules).Level
                   <= ThreeA090.Evaluate(new IcFacts(tpp, hi, dc, io), rules).Level;
        });

    [Fact]
    public void ShrinkingTheDieAtFixedTppNeverLowersControl() =>
        Gen.Select(Tpp, Gen.Int[50, 2000], Gen.Int[50, 2000], Gen.Bool).Sample((tpp, a1, a2, dc) =>
        {
            var rules = Bundled.Book.On(Bundled.After2023);
            var (small, large) = a1 <= a2 ? (a1, a2) : (a2, a1);
            return ThreeA090.Evaluate(new IcFacts(tpp, tpp / large, dc, 0m), rules).Level
                   <= ThreeA090.Evaluate(new IcFacts(tpp, tpp / small, dc, 0m), rules).Level;
        });

    [Fact]
    public void DatacenterDesignationNeverLowersControl() =>
        Gen.Select(Tpp, Pd).Sample((tpp, pd) =>
        {
            var rules = Bundled.Book.On(Bundled.After2023);
            return ThreeA090.Evaluate(new IcFacts(tpp, pd, false, 0m), rules).Level
                   <= ThreeA090.Evaluate(new IcFacts(tpp, pd, true, 0m), rules).Level;
        });
}
