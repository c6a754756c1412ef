using System.Globalization;
using ComputeGate.Domain.Items;

namespace ComputeGate.Domain.Classification;

/// <summary>Total processing performance and which figure gave it.</summary>
public sealed record TppResult(decimal Value, PerformanceFigure From, int Index, IReadOnlyList<string> TiedWith);

/// <summary>
/// The applicable die area (3A090 Technical Note 4): all logic dies made on a non-planar node.
/// <see cref="Known"/> is false when a die that might count has an unknown area or node.
/// </summary>
public sealed record ApplicableDieArea(decimal AreaMm2, bool Known, string Explanation)
{
    /// <summary>True when the item has no non-planar logic die: PD is then not defined and no PD test is met.</summary>
    public bool NoNonPlanarDie => Known && AreaMm2 == 0m;
}

public static class Metrics
{
    /// <summary>
    /// 15 CFR 774 Supp. 1, 3A090 Technical Notes 1-3: TPP = max over precisions of dense TOPS x bit
    /// length (Note 2: the highest TPP over bit lengths is evaluated; Note 3: dense only). Full precision,
    /// no rounding (the rule gives none). Null when no figure is known.
    /// </summary>
    public static TppResult? Tpp(IntegratedCircuit ic)
    {
        if (ic.Performance.Count == 0)
        {
            return null;
        }

        var best = 0;
        for (var i = 1; i < ic.Performance.Count; i++)
        {
            if (ic.Performance[i].Tpp > ic.Performance[best].Tpp)
            {
                best = i;
            }
        }

        var value = ic.Performance[best].Tpp;
        var tied = ic.Performance.Where((f, i) => i != best && f.Tpp == value).Select(f => f.Precision.Name).ToList();
        return new TppResult(value, ic.Performance[best], best, tied);
    }

    /// <summary>3A090 Technical Note 4: the sum of the areas of the non-planar logic dies.</summary>
    public static ApplicableDieArea DieArea(IntegratedCircuit ic)
    {
        if (ic.Dies is null || ic.Dies.Count == 0)
        {
            return new ApplicableDieArea(0m, false, "die areas not given");
        }

        decimal sum = 0;
        var unknown = new List<string>();
        var parts = new List<string>();
        for (var i = 0; i < ic.Dies.Count; i++)
        {
            var die = ic.Dies[i];
            if (die.NonPlanar == false)
            {
                parts.Add($"dies[{i}] planar, excluded");
                continue;
            }

            if (die.NonPlanar is null)
            {
                unknown.Add($"dies[{i}].non_planar");
            }

            if (die.AreaMm2 is null)
            {
                unknown.Add($"dies[{i}].area_mm2");
            }
            else
            {
                sum += die.AreaMm2.Value;
                parts.Add($"dies[{i}] {Num.Format(die.AreaMm2.Value)} mm²");
            }
        }

        return unknown.Count > 0
            ? new ApplicableDieArea(sum, false, $"unknown: {string.Join(", ", unknown)}")
            : new ApplicableDieArea(sum, true, string.Join(" + ", parts));
    }

    /// <summary>3A090 Technical Note 4: PD = TPP / applicable die area (mm²).</summary>
    public static decimal? PerformanceDensity(decimal? tpp, ApplicableDieArea area) =>
        tpp is null || !area.Known || area.AreaMm2 == 0m ? null : tpp.Value / area.AreaMm2;

    /// <summary>3A090.c Technical Note: memory bandwidth density = bandwidth (GB/s) / package area (mm²).</summary>
    public static decimal? MemoryBandwidthDensity(HbmStack hbm) =>
        hbm.MemoryBandwidthGBps is { } bw && hbm.PackageAreaMm2 is { } area && area > 0m ? bw / area : null;
}

/// <summary>How numbers are shown to people: invariant culture, thousands separators, no needless zeros.</summary>
public static class Num
{
    public static string Format(decimal value)
    {
        if (Math.Abs(value) >= 1e15m)
        {
            return value.ToString("0.###E+0", CultureInfo.InvariantCulture);
        }

        var rounded = Math.Round(value, 4);
        return rounded.ToString("#,0.####", CultureInfo.InvariantCulture);
    }
}
