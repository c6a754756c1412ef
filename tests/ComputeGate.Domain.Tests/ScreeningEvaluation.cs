using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using ComputeGate.Domain.Screening;

namespace ComputeGate.Domain.Tests;

/// <summary>One labelled query: a variant of a listed name that must find its entry, or a name that must not.</summary>
public sealed record EvaluationCase(string Kind, bool Positive, string Query, string Source, string ExpectedList, string ExpectedId);

/// <summary>The outcome of one case: the expected entry's score and rank (positives), the best score (negatives).</summary>
public sealed record EvaluationResult(EvaluationCase Case, double ExpectedScore, int ExpectedRank, double TopScore, string? TopName, bool InCandidates);

/// <summary>
/// A small labelled evaluation of the matcher, rerun with a fixed seed. Positives are real Entity List
/// names (../shared/data/bis_2026/bis_entity_list.json) with one variant each: case, punctuation, legal
/// form changed, word order, one typo, missing space, an alias. Negatives are near misses (the rarest
/// token of a listed name replaced by another real word) and ordinary company names (well-known unlisted
/// companies, and place + trade words + legal form). Recall is the share of positives whose entry is in
/// the top 10 at or above the threshold; the false-positive rate the share of negatives that match (for
/// a near miss: that match the entry it was made from).
/// </summary>
public static class ScreeningEvaluation
{
    public const int Seed = 20260723;
    public const int EntriesSampled = 300;

    public static readonly string[] PositiveKinds = ["case", "punctuation", "legal form", "word order", "typo", "missing space", "alias"];
    public static readonly string[] NegativeKinds = ["near miss", "ordinary company"];

    // Well-known companies that are on none of the lists (checked against the index: see the test).
    private static readonly string[] UnlistedCompanies =
    [
        "NVIDIA Corporation", "Advanced Micro Devices, Inc.", "Intel Corporation", "Taiwan Semiconductor Manufacturing Company Limited",
        "Samsung Electronics Co., Ltd.", "SK hynix Inc.", "Micron Technology, Inc.", "Dell Technologies Inc.", "Hewlett Packard Enterprise Company",
        "Super Micro Computer, Inc.", "Hon Hai Precision Industry Co., Ltd.", "Quanta Computer Inc.", "Wistron Corporation", "ASUSTeK Computer Inc.",
        "Giga-Byte Technology Co., Ltd.", "Inventec Corporation", "Cisco Systems, Inc.", "Microsoft Corporation", "Alphabet Inc.", "Amazon Web Services, Inc.",
        "Oracle Corporation", "Meta Platforms, Inc.", "Broadcom Inc.", "Marvell Technology, Inc.", "Qualcomm Incorporated", "Arista Networks, Inc.",
        "Applied Materials, Inc.", "Lam Research Corporation", "KLA Corporation", "ASML Holding N.V.", "Tokyo Electron Limited", "Infineon Technologies AG",
        "STMicroelectronics N.V.", "NXP Semiconductors N.V.", "Texas Instruments Incorporated", "Analog Devices, Inc.", "Siemens Aktiengesellschaft",
        "Robert Bosch GmbH", "Schneider Electric SE", "ABB Ltd", "Hitachi, Ltd.", "Fujitsu Limited", "NEC Corporation", "Sony Group Corporation",
        "Panasonic Holdings Corporation", "LG Electronics Inc.", "Nokia Corporation", "Telefonaktiebolaget LM Ericsson", "Accenture plc", "Infosys Limited",
        "Tata Consultancy Services Limited", "Wipro Limited", "Cerebras Systems Inc.", "Groq, Inc.", "SambaNova Systems, Inc.", "Graphcore Limited",
        "Tenstorrent Inc.", "Lambda Labs, Inc.", "CoreWeave, Inc.", "Equinix, Inc.",
    ];

    private static readonly string[] Places =
    [
        "Pacific", "Atlantic", "Nordic", "Alpine", "Baltic", "Sunrise", "Northern", "Southern", "Eastern", "Western", "Global", "United", "Golden",
        "Silver", "Delta", "Summit", "Harbor", "Riverside", "Lakeside", "Highland", "Coastal", "Central", "Metro", "Continental", "Pioneer",
        "Rotterdam", "Hamburg", "Lyon", "Osaka", "Busan", "Penang", "Perth", "Dallas", "Denver", "Toronto", "Santiago", "Lagos", "Nairobi", "Krakow", "Porto",
    ];

    private static readonly string[] TradeWords =
    [
        "Technology", "Technologies", "Trading", "Electronics", "Logistics", "Industrial", "Engineering", "Systems", "Solutions", "Services",
        "International", "Holdings", "Machinery", "Components", "Semiconductor", "Devices", "Networks", "Software", "Digital", "Precision",
        "Instruments", "Materials", "Supply", "Import", "Export", "Shipping", "Marine", "Aviation", "Energy", "Chemical", "Optics", "Data", "Computing",
    ];

    private static readonly string[] LegalFormsWritten = ["Co., Ltd.", "Company Limited", "Limited", "Ltd.", "LLC", "Inc.", "GmbH", "JSC", "Co. Ltd", "Pte. Ltd.", "S.A.", "B.V."];

    private static readonly Regex TrailingLegalForm = new(
        @"[\s,]+(co\.?,?\s*ltd\.?|company\s+limited|limited|ltd\.?|llc|l\.l\.c\.?|inc\.?|incorporated|corp\.?|corporation|gmbh|jsc|pjsc|ojsc|cjsc|s\.?a\.?|pte\.?\s*ltd\.?|pvt\.?\s*ltd\.?|private\s+limited|pty\.?\s*ltd\.?|co\.?)\s*$",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

    public static List<EvaluationCase> Cases(ScreeningIndex index)
    {
        var rng = new Random(Seed);
        var entityList = ScreeningData.JsonList("bis_entity_list").ToList();
        var sample = entityList.OrderBy(_ => rng.Next()).Take(EntriesSampled).ToList();
        var normalizer = index.Normalizer;
        var cases = new List<EvaluationCase>();
        var wordPool = entityList.SelectMany(e => normalizer.Normalize(e.PrimaryName).Tokens).Where(t => t.Length >= 5).Distinct().Order(StringComparer.Ordinal).ToArray();

        foreach (var entry in sample)
        {
            var name = entry.PrimaryName;
            EvaluationCase Positive(string kind, string query) => new(kind, true, query, name, entry.List, entry.EntryId);
            var words = name.Split(' ', StringSplitOptions.RemoveEmptyEntries);

            cases.Add(Positive("case", rng.Next(3) switch
            {
                0 => name.ToUpperInvariant(),
                1 => name.ToLowerInvariant(),
                _ => CultureInfo.InvariantCulture.TextInfo.ToTitleCase(name.ToLowerInvariant()),
            }));

            var stripped = Regex.Replace(name, @"[\p{P}\p{S}]", " ");
            cases.Add(Positive("punctuation", stripped != name ? Regex.Replace(stripped, @"\s+", " ").Trim() : string.Join(", ", words)));

            var bare = name;
            while (TrailingLegalForm.Match(bare) is { Success: true } m && m.Index > 0)
            {
                bare = bare[..m.Index];
            }

            var form = LegalFormsWritten[rng.Next(LegalFormsWritten.Length)];
            cases.Add(Positive("legal form", bare == name ? $"{name} {form}" : rng.Next(4) == 0 ? bare : $"{bare} {form}"));

            var bareWords = bare.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (bareWords.Length >= 2)
            {
                var gap = rng.Next(bareWords.Length - 1);
                cases.Add(Positive("missing space", string.Join(' ', bareWords.Take(gap)) + (gap > 0 ? " " : "") + bareWords[gap] + bareWords[gap + 1] + (gap + 2 < bareWords.Length ? " " : "") + string.Join(' ', bareWords.Skip(gap + 2)) + name[bare.Length..]));
            }

            // Word order: two adjacent words swapped, neither of them part of a legal form ("Joint Stock Company").
            var formTokens = normalizer.Normalize(name).LegalFormsRemoved.SelectMany(f => f.Split(' ')).ToHashSet(StringComparer.Ordinal);
            bool Plain(string w) => normalizer.Normalize(w).AllTokens is { Count: > 0 } t && !t.All(formTokens.Contains);
            var swap = Enumerable.Range(0, Math.Max(0, words.Length - 1)).Where(i => Plain(words[i]) && Plain(words[i + 1])).DefaultIfEmpty(-1).First();
            if (swap >= 0)
            {
                var swapped = (string[])words.Clone();
                (swapped[swap], swapped[swap + 1]) = (swapped[swap + 1], swapped[swap]);
                cases.Add(Positive("word order", string.Join(' ', swapped)));
            }

            var typoWords = words.Select((w, i) => (w, i)).Where(x => x.w.Count(char.IsLetter) >= 5).ToArray();
            if (typoWords.Length > 0)
            {
                var (w, i) = typoWords[rng.Next(typoWords.Length)];
                var typoed = (string[])words.Clone();
                typoed[i] = Typo(w, rng);
                cases.Add(Positive("typo", string.Join(' ', typoed)));
            }

            var aliases = entry.Names.Where(n => n.Kind != NameKind.Primary).ToArray();
            if (aliases.Length > 0)
            {
                cases.Add(Positive("alias", aliases[rng.Next(aliases.Length)].Name));
            }

            // Near miss: the rarest token of the name replaced by an unrelated real word of the list.
            var tokens = normalizer.Normalize(name).Tokens;
            if (tokens.Count >= 2)
            {
                var key = tokens.OrderBy(t => Frequency(index, t)).ThenByDescending(t => t.Length).ThenBy(t => t, StringComparer.Ordinal).First();
                var replacement = wordPool[rng.Next(wordPool.Length)];
                for (var tries = 0; tries < 20 && (Similar(replacement, key) || tokens.Contains(replacement)); tries++)
                {
                    replacement = wordPool[rng.Next(wordPool.Length)];
                }

                var replaced = Regex.Replace(name, $@"(?<![\p{{L}}\p{{N}}]){Regex.Escape(key)}(?![\p{{L}}\p{{N}}])", CultureInfo.InvariantCulture.TextInfo.ToTitleCase(replacement), RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
                if (replaced != name)
                {
                    cases.Add(new EvaluationCase("near miss", false, replaced, name, entry.List, entry.EntryId));
                }
            }
        }

        foreach (var company in UnlistedCompanies)
        {
            cases.Add(new EvaluationCase("ordinary company", false, company, company, "", ""));
        }

        for (var i = 0; i < 240; i++)
        {
            var words = new List<string> { Places[rng.Next(Places.Length)], TradeWords[rng.Next(TradeWords.Length)] };
            if (rng.Next(2) == 0)
            {
                words.Add(TradeWords[rng.Next(TradeWords.Length)]);
            }

            var query = string.Join(' ', words.Distinct()) + " " + LegalFormsWritten[rng.Next(LegalFormsWritten.Length)];
            cases.Add(new EvaluationCase("ordinary company", false, query, query, "", ""));
        }

        return cases;
    }

    public static List<EvaluationResult> Run(ScreeningIndex index, IEnumerable<EvaluationCase> cases)
    {
        var results = new List<EvaluationResult>();
        foreach (var c in cases)
        {
            var all = index.Screen(c.Query, threshold: 0, max: 200);
            var rank = all.ToList().FindIndex(m => m.List == c.ExpectedList && m.EntryId == c.ExpectedId);
            var expectedScore = rank >= 0 ? all[rank].Score : 0;
            results.Add(new EvaluationResult(c, expectedScore, rank + 1, all.Count > 0 ? all[0].Score : 0, all.Count > 0 ? all[0].MatchedName : null, rank >= 0));
        }

        return results;
    }

    /// <summary>Whether a case counts as found (positives) or as a false positive (negatives) at a threshold.</summary>
    public static bool Hit(EvaluationResult r, double threshold) => r.Case.Kind == "ordinary company"
        ? r.TopScore >= threshold
        : r.ExpectedRank is >= 1 and <= 10 && r.ExpectedScore >= threshold;

    public static string Report(IReadOnlyList<EvaluationResult> results, double[] thresholds)
    {
        var sb = new StringBuilder();
        sb.AppendLine(CultureInfo.InvariantCulture, $"seed {Seed}, {EntriesSampled} Entity List entries sampled; cells: recall (positives) or false-positive rate (negatives)");
        sb.Append("kind".PadRight(18)).Append("n".PadLeft(5)).Append("  cand.");
        foreach (var t in thresholds)
        {
            sb.Append(CultureInfo.InvariantCulture, $"  @{t:0.00}");
        }

        sb.AppendLine();
        foreach (var kind in PositiveKinds.Concat(NegativeKinds))
        {
            var rs = results.Where(r => r.Case.Kind == kind).ToList();
            if (rs.Count == 0)
            {
                continue;
            }

            sb.Append(kind.PadRight(18)).Append(rs.Count.ToString(CultureInfo.InvariantCulture).PadLeft(5));
            sb.Append(rs[0].Case.Positive ? $"  {Percent(rs.Count(r => r.InCandidates), rs.Count),5}" : "      -");
            foreach (var t in thresholds)
            {
                sb.Append(CultureInfo.InvariantCulture, $"  {Percent(rs.Count(r => Hit(r, t)), rs.Count),5}");
            }

            sb.AppendLine();
        }

        return sb.ToString();
    }

    public static string Percent(int n, int of) => of == 0 ? "-" : (100.0 * n / of).ToString("0.0", CultureInfo.InvariantCulture) + "%";

    private static int Frequency(ScreeningIndex index, string token) => index.TokenFrequency(token);

    private static bool Similar(string a, string b) => new F23.StringSimilarity.JaroWinkler().Similarity(a, b) >= 0.8;

    private static string Typo(string word, Random rng)
    {
        // One edit inside the word (not its first letter): substitute, delete, insert or swap two letters.
        var chars = word.ToList();
        var letters = Enumerable.Range(1, chars.Count - 1).Where(i => char.IsLetter(chars[i])).ToArray();
        var at = letters[rng.Next(letters.Length)];
        var letter = (char)('a' + rng.Next(26));
        letter = char.IsUpper(chars[at]) ? char.ToUpperInvariant(letter) : letter;
        switch (rng.Next(4))
        {
            case 0:
                chars[at] = chars[at] == letter ? (char)(letter == 'z' || letter == 'Z' ? letter - 1 : letter + 1) : letter;
                break;
            case 1:
                chars.RemoveAt(at);
                break;
            case 2:
                chars.Insert(at, letter);
                break;
            default:
                if (at + 1 < chars.Count && chars[at + 1] != chars[at])
                {
                    (chars[at], chars[at + 1]) = (chars[at + 1], chars[at]);
                }
                else
                {
                    chars.RemoveAt(at);
                }

                break;
        }

        return new string([.. chars]);
    }
}
