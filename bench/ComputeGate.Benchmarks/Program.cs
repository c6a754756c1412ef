using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Running;
using ComputeGate.Domain.Classification;
using ComputeGate.Domain.Items;
using ComputeGate.Domain.Law;
using ComputeGate.Formats;

if (args.Length > 0 && args[0] == "latency")
{
    return ScreeningLatency.Run(args[1..]);
}

BenchmarkSwitcher.FromAssembly(typeof(ClassificationBenchmarks).Assembly).Run(args);
return 0;

/// <summary>Classification throughput: the per-item cost the order-decision pipeline will pay.</summary>
[MemoryDiagnoser]
public class ClassificationBenchmarks
{
    private static readonly DateOnly Date = new(2025, 6, 1);
    private Classifier _classifier = null!;
    private Item _h100 = null!;
    private Item _h20 = null!;
    private Item _ascend910 = null!;
    private Item _hgx = null!;
    private IReadOnlyList<Item> _all = null!;

    [GlobalSetup]
    public void Setup()
    {
        var catalog = Catalog.Embedded();
        _classifier = new Classifier(RuleBookLoader.Embedded());
        _h100 = catalog.Get("nvidia-h100-sxm");
        _h20 = catalog.Get("nvidia-h20");
        _ascend910 = catalog.Get("huawei-ascend-910");
        _hgx = catalog.Get("nvidia-hgx-h100-8gpu");
        _all = catalog.All();
    }

    [Benchmark(Description = "classify H100 (3A090.a.1)")]
    public ClassificationResult ClassifyH100() => _classifier.Classify(_h100, Date);

    [Benchmark(Description = "classify H20 (outside, with sensitivity)")]
    public ClassificationResult ClassifyH20() => _classifier.Classify(_h20, Date);

    [Benchmark(Description = "classify Ascend 910 (die area unknown)")]
    public ClassificationResult ClassifyUnknownArea() => _classifier.Classify(_ascend910, Date);

    [Benchmark(Description = "classify HGX H100 8-GPU (4A090)")]
    public ClassificationResult ClassifyServer() => _classifier.Classify(_hgx, Date);

    [Benchmark(Description = "headroom H20")]
    public HeadroomResult HeadroomH20() => Headroom.Of(_classifier, _h20, Date);

    [Benchmark(Description = "timeline H100")]
    public IReadOnlyList<TimelinePeriod> TimelineH100() => Timeline.Of(_classifier, _h100);

    [Benchmark(Description = "classify whole catalog (36 items)")]
    public int ClassifyCatalog()
    {
        var n = 0;
        foreach (var item in _all)
        {
            n += _classifier.Classify(item, Date).Reasons.Count;
        }

        return n;
    }
}

/// <summary>Start-up cost: parse the embedded law and catalog.</summary>
[MemoryDiagnoser]
public class LoadBenchmarks
{
    [Benchmark(Description = "load rules/*.yaml")]
    public RuleBook LoadRules() => RuleBookLoader.Embedded();

    [Benchmark(Description = "load and parse the catalog")]
    public int LoadCatalog() => Catalog.Embedded().All().Count;
}

/// <summary>Order decisions: one line from scratch (a ruling), one line whose ruling is cached, one CSV row read.</summary>
[MemoryDiagnoser]
public class DecisionBenchmarks
{
    private ComputeGate.Domain.Licensing.OrderBookDecider _book = null!;
    private ComputeGate.Domain.Licensing.OrderLineDecider _decider = null!;
    private Classifier _classifier = null!;
    private ComputeGate.Domain.Licensing.OrderLine _h100Sa = null!;
    private ComputeGate.Domain.Licensing.OrderLine _h20Cn = null!;
    private OrderBookReader _reader = null!;
    private string _csv = "";

    [GlobalSetup]
    public void Setup()
    {
        var book = RuleBookLoader.Embedded();
        var catalog = Catalog.Embedded();
        _classifier = new Classifier(book);
        _decider = new ComputeGate.Domain.Licensing.OrderLineDecider(book, EntityListLoader.Embedded(), "bench");
        _book = new ComputeGate.Domain.Licensing.OrderBookDecider(_decider, _classifier, ComputeGate.Domain.Licensing.DecisionMode.AsEnforced, []);
        ComputeGate.Domain.Licensing.OrderLine Line(string item, string to, string date) => new()
        {
            Id = "b", Date = DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture), Item = catalog.Get(item), Quantity = 8,
            Destination = new ComputeGate.Domain.Geography.CountryCode(to), EndUser = "Example Compute Ltd.",
            EndUserHeadquarters = new ComputeGate.Domain.Geography.CountryCode(to), Exporter = "NVIDIA", UnitValueUsd = 25000m,
        };
        _h100Sa = Line("nvidia-h100-sxm", "SA", "2024-06-01");
        _h20Cn = Line("nvidia-h20", "CN", "2025-04-20");
        _reader = new OrderBookReader(catalog, CountryDirectory.Default().TryResolve);
        _csv = "id,date,item,quantity,destination,end_user,end_user_country,end_user_hq,exporter,unit_value_usd\n"
               + "o1,2024-06-01,nvidia-h100-sxm,8,Saudi Arabia,\"Example Compute Co., Ltd.\",SA,SA,NVIDIA,25000\n";
    }

    [Benchmark(Description = "decide H100 to SA from scratch (classifies too)")]
    public object DecideFresh() => _decider.Decide(_h100Sa, ComputeGate.Domain.Licensing.DecisionMode.AsEnforced, (i, d) => _classifier.Classify(i, d));

    [Benchmark(Description = "decide H100 to SA, ruling cached (book decider)")]
    public object DecideCached() => _book.Decide(_h100Sa);

    [Benchmark(Description = "decide H20 to CN under the 2025 letter, ruling cached")]
    public object DecideLetterCached() => _book.Decide(_h20Cn);

    [Benchmark(Description = "read a 1-row order book (header + row)")]
    public int ReadRow() => _reader.Read("bench.csv", new StringReader(_csv), null).Count();
}

/// <summary>
/// Screening one name against the 2022 CSL, the OFAC SDN and non-SDN files and the 2026 BIS Entity List
/// (read from ../shared/data by path; the repository ships none of them).
/// </summary>
[MemoryDiagnoser]
public class ScreeningBenchmarks
{
    private ComputeGate.Domain.Screening.ScreeningIndex _index = null!;

    [GlobalSetup]
    public void Setup() => _index = ScreeningSetup.BuildIndex();

    [Benchmark(Description = "screen a listed name, other case and legal form")]
    public int Listed() => _index.Screen("HUAWEI TECHNOLOGIES CO LTD").Count;

    [Benchmark(Description = "screen a listed name with a typo")]
    public int Typo() => _index.Screen("Huawei Technolgies Co., Ltd.").Count;

    [Benchmark(Description = "screen a Chinese-script name")]
    public int Han() => _index.Screen("华为技术有限公司").Count;

    [Benchmark(Description = "screen an ordinary company (clear)")]
    public int Clear() => _index.Screen("Sunrise Compute 04711 Co., Ltd.", "MY").Count;
}

/// <summary>The screening index of the benchmarks: the 2022 CSL, the OFAC SDN (2024, with the 2026 aliases and addresses) and the 2026 BIS Entity List, read from ../shared/data by path.</summary>
internal static class ScreeningSetup
{
    public static ComputeGate.Domain.Screening.ScreeningIndex BuildIndex()
    {
        var data = Path.GetFullPath(Path.Combine(FindRepoRoot(), "..", "shared", "data"));
        var countries = CountryDirectory.Default();
        var entries = new List<ComputeGate.Domain.Screening.ListEntry>();
        entries.AddRange(new ComputeGate.Formats.Lists.CslReader(countries).ReadFile(Path.Combine(data, "csl", "consolidated_2022-05.csv.gz")).Entries);
        entries.AddRange(new ComputeGate.Formats.Lists.OfacLegacyReader(countries).ReadFiles("sdn", Path.Combine(data, "ofac", "sdn_2024-07-02.csv"), Path.Combine(data, "ofac", "alt_2026-06.csv"), Path.Combine(data, "ofac", "add_2026-06.csv")).Entries);
        entries.AddRange(new ComputeGate.Formats.Lists.OfacLegacyReader(countries).ReadFiles("cons", Path.Combine(data, "ofac", "cons_prim_2025-12.csv"), Path.Combine(data, "ofac", "cons_alt_2025-12.csv"), Path.Combine(data, "ofac", "cons_add_2025-12.csv")).Entries);
        entries.AddRange(new ComputeGate.Formats.Lists.SimpleJsonListReader(countries).ReadFile(Path.Combine(data, "bis_2026", "bis_entity_list.json")).Entries);
        var forms = OrgTypesLoader.Load("org_types.yml", File.ReadAllText(Path.Combine(data, "name_matching", "org_types.yml")));
        return ComputeGate.Domain.Screening.ScreeningIndex.Build(entries, new ComputeGate.Domain.Screening.NameNormalizer(forms)).Prepare();
    }

    public static string FindRepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "ComputeGate.slnx")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("repository root not found");
    }
}

/// <summary>
/// Per-name screening latency on one thread, as percentiles (BenchmarkDotNet reports means of repeated
/// calls; a screening service is judged by its tail over distinct names):
/// <c>dotnet run -c Release -- latency NAMES.csv [--warmup N] [--listed-every K] [--dump FILE]</c> (--dump
/// writes every query's matches, to compare two versions of the matcher). NAMES.csv has <c>name</c> and an optional
/// <c>country</c> column. Every listed name of every K-th index entry is added (default 40; 0 adds none). The first <c>--warmup</c> names (default 500) are screened untimed (JIT), then
/// each of the others once, timed with <see cref="System.Diagnostics.Stopwatch"/>.
/// </summary>
internal static class ScreeningLatency
{
    public static int Run(string[] args)
    {
        if (args.Length == 0)
        {
            Console.Error.WriteLine("usage: latency NAMES.csv [--warmup N]");
            return 2;
        }

        var warmup = 500;
        string? dump = null;
        var listedEvery = 40;
        for (var a = 1; a + 1 < args.Length; a += 2)
        {
            switch (args[a])
            {
                case "--warmup": warmup = int.Parse(args[a + 1], System.Globalization.CultureInfo.InvariantCulture); break;
                case "--dump": dump = args[a + 1]; break;
                case "--listed-every": listedEvery = int.Parse(args[a + 1], System.Globalization.CultureInfo.InvariantCulture); break;
                default: Console.Error.WriteLine($"unknown option {args[a]}"); return 2;
            }
        }

        var started = System.Diagnostics.Stopwatch.StartNew();
        var index = ScreeningSetup.BuildIndex();
        Console.WriteLine($"index: {index.EntryCount:N0} entries, {index.NameCount:N0} names, built in {started.Elapsed.TotalSeconds:0.00} s");

        var queries = new List<(string Name, string? Country)>();
        using (var csv = CsvHelper.CsvReader.Create(File.OpenText(args[0]), new CsvHelper.CsvReaderOptions { HasHeader = true, FormatProvider = System.Globalization.CultureInfo.InvariantCulture }, leaveOpen: false))
        {
            var first = true;
            int nameIdx = -1, countryIdx = -1;
            while (csv.Read())
            {
                if (first)
                {
                    first = false;
                    if (!csv.TryGetFieldIndex("name", out nameIdx))
                    {
                        throw new InvalidOperationException($"{args[0]}: no name column");
                    }

                    countryIdx = csv.TryGetFieldIndex("country", out var c) ? c : -1;
                }

                var country = countryIdx >= 0 ? csv.GetString(countryIdx) : null;
                queries.Add((csv.GetString(nameIdx), string.IsNullOrEmpty(country) ? null : country));
            }
        }

        var listed = listedEvery > 0 ? index.SampleNames(listedEvery) : [];
        var mixed = new List<(string Name, string? Country)>(queries.Count + listed.Count);
        var step = Math.Max(1, queries.Count / Math.Max(1, listed.Count));
        for (int i = 0, l = 0; i < queries.Count; i++)
        {
            mixed.Add(queries[i]);
            if (i % step == 0 && l < listed.Count)
            {
                mixed.Add((listed[l++], null));
            }
        }

        var hits = 0;
        for (var i = 0; i < Math.Min(warmup, mixed.Count); i++)
        {
            hits += index.Screen(mixed[i].Name, mixed[i].Country).Count;
        }

        var times = new List<double>(mixed.Count);
        var clock = new System.Diagnostics.Stopwatch();
        var hitNames = 0;
        var cpu = System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime;
        for (var i = warmup; i < mixed.Count; i++)
        {
            clock.Restart();
            var found = index.Screen(mixed[i].Name, mixed[i].Country);
            clock.Stop();
            times.Add(clock.Elapsed.TotalMicroseconds);
            hitNames += found.Count > 0 ? 1 : 0;
        }

        cpu = System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime - cpu;
        if (dump is not null)
        {
            // Every query's matches (list, entry, score), to compare two versions of the matcher.
            using var w = new StreamWriter(dump);
            foreach (var (name, country) in mixed)
            {
                w.WriteLine($"{name}\t{country}\t{string.Join(" ", index.Screen(name, country).Select(m => System.FormattableString.Invariant($"{m.List}:{m.EntryId}:{m.Score:0.0000}")))}");
            }
        }

        times.Sort();
        double P(double p) => times[Math.Min(times.Count - 1, (int)Math.Ceiling(p * times.Count) - 1)];
        Console.WriteLine(System.FormattableString.Invariant(
            $"{times.Count:N0} names timed ({hitNames:N0} with a match): p50 {P(0.50):0.0} µs, p90 {P(0.90):0.0} µs, p99 {P(0.99):0.0} µs, max {times[^1]:0.0} µs, mean {times.Average():0.0} µs; CPU {cpu.TotalMicroseconds / times.Count:0.0} µs per name (the load on the machine inflates the wall times, less the CPU time)"));
        return hits >= 0 ? 0 : 1;
    }
}
