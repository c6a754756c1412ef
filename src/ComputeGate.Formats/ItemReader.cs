using ComputeGate.Domain.Items;
using YamlDotNet.RepresentationModel;

namespace ComputeGate.Formats;

/// <summary>
/// Reads an item file (YAML or JSON; schema in README.md and catalog/README.md) into a domain item.
/// Every error names the file and the field path. Catalog ids in <c>components</c> are resolved
/// through <paramref name="resolve"/>.
/// </summary>
public sealed class ItemReader(Func<string, Item?> resolve)
{
    private const int MaxDepth = 8;

    public Item Read(string file, string text) => Read(YamlNodeReader.Parse(file, text), 0);

    public Item Read(YamlNodeReader r, int depth)
    {
        if (depth > MaxDepth)
        {
            throw r.Error("components", $"components nest deeper than {MaxDepth} levels");
        }

        var typeText = r.RequiredString("type");
        var name = r.RequiredString("name");
        var id = r.OptionalString("id");
        if (id is not null && !System.Text.RegularExpressions.Regex.IsMatch(id, "^[a-z0-9][a-z0-9-]*$"))
        {
            throw r.Error("id", $"'{id}' is not a valid id (lower-case letters, digits and '-')");
        }

        var provenance = new ItemProvenance(r.StringMap("sources"), r.StringMap("unverified"), r.Strings("notes"));
        var vendor = r.OptionalString("vendor");
        _ = r.OptionalString("released");

        Item item = typeText switch
        {
            "integrated-circuit" => ReadIc(r, name),
            "computer" => ReadComputer(r, name, depth),
            "hbm" => new HbmStack(name)
            {
                MemoryBandwidthGBps = r.OptionalDecimal("memory_bandwidth_gbps"),
                PackageAreaMm2 = r.OptionalDecimal("package_area_mm2", allowZero: false),
            },
            "model-weights" => new ModelWeights(name)
            {
                TrainingOperations = r.OptionalDecimal("training_operations"),
                Published = r.OptionalBool("published"),
                DerivedFromPublished = r.OptionalBool("derived_from_published"),
                AdditionalOperations = r.OptionalDecimal("additional_operations"),
            },
            _ => throw r.Error("type", $"unknown type '{typeText}' (expected integrated-circuit, computer, hbm or model-weights)"),
        };

        r.RejectUnknown();
        return item with { Id = id, Vendor = vendor, Provenance = provenance };
    }

    private static IntegratedCircuit ReadIc(YamlNodeReader r, string name)
    {
        var performance = r.Mappings("performance").Select(ReadFigure).ToList();
        IReadOnlyList<Die>? dies = r.Has("dies")
            ? r.Mappings("dies").Select(d =>
            {
                var die = new Die(d.OptionalDecimal("area_mm2", allowZero: false), d.OptionalBool("non_planar"));
                d.RejectUnknown();
                return die;
            }).ToList()
            : null;
        return new IntegratedCircuit(name)
        {
            Datacenter = r.OptionalBool("datacenter"),
            DatacenterSource = r.OptionalString("datacenter_source"),
            Performance = performance,
            Dies = dies,
            InterconnectGBps = r.OptionalDecimal("interconnect_gbps"),
            MemoryBandwidthGBps = r.OptionalDecimal("memory_bandwidth_gbps"),
        };
    }

    private static PerformanceFigure ReadFigure(YamlNodeReader f)
    {
        var precisionName = f.OptionalString("precision");
        var bits = f.OptionalInt("bits", 1);
        Precision precision;
        if (precisionName is not null)
        {
            if (!Precision.TryParse(precisionName, out precision))
            {
                throw f.Error("precision", $"unknown precision '{precisionName}' (expected one of {string.Join(", ", Precision.Known.Select(p => p.Name))}, or bits: N)");
            }

            if (bits is { } b && b != precision.Bits)
            {
                throw f.Error("bits", $"bits: {b} contradicts precision {precision.Name} ({precision.Bits} bits)");
            }
        }
        else if (bits is { } b)
        {
            precision = b <= 128 ? Precision.FromBits(b) : throw f.Error("bits", $"{b} bits is not a plausible bit length");
        }
        else
        {
            throw f.Error("precision", "required field is missing (give precision or bits)");
        }

        var figure = new PerformanceFigure(precision, f.RequiredDecimal("tops", allowZero: false), f.OptionalBool("sparse") ?? false);
        f.RejectUnknown();
        return figure;
    }

    private Computer ReadComputer(YamlNodeReader r, string name, int depth)
    {
        var components = new List<Component>();
        foreach (var c in r.Mappings("components"))
        {
            var count = c.OptionalInt("count", 1) ?? throw c.Error("count", "required field is missing");
            Item item;
            switch (c.Raw("item"))
            {
                case null:
                    throw c.Error("item", "required field is missing (a catalog id or an inline item)");
                case YamlScalarNode s:
                    item = resolve(s.Value ?? "") ?? throw c.Error("item", $"unknown catalog id '{s.Value}' (see `computegate catalog`)", s);
                    break;
                case YamlMappingNode:
                    item = Read(c.Mapping("item")!, depth + 1);
                    break;
                default:
                    throw c.Error("item", "expected a catalog id or an inline item");
            }

            if (item is ModelWeights or HbmStack)
            {
                throw c.Error("item", $"a computer's components are integrated circuits or computers, not {item.Type}");
            }

            c.RejectUnknown();
            components.Add(new Component(item, count));
        }

        if (components.Count == 0)
        {
            throw r.Error("components", "a computer needs at least one component");
        }

        return new Computer(name) { Datacenter = r.OptionalBool("datacenter"), DatacenterSource = r.OptionalString("datacenter_source"), Components = components };
    }
}
