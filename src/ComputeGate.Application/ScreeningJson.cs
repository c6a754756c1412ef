using System.Text.Json;
using ComputeGate.Domain.Screening;

namespace ComputeGate.Application;

/// <summary>One screened name: HIT when the best match reaches the threshold, else CLEAR; the matches best first.</summary>
public sealed record ScreeningResult(string Id, string Name, string? Country, IReadOnlyList<Match> Matches, double Threshold)
{
    public string Decision => Matches.Count > 0 && Matches[0].Score >= Threshold ? "HIT" : "CLEAR";
}

/// <summary>
/// The JSON contract of a screened name (<c>screen --json</c>, <c>--format jsonl</c> and the API): id, name,
/// country, decision, threshold, and the matches with list, entryId, listedName, matchedName, score and the
/// explanation feature by feature.
/// </summary>
public static class ScreeningJson
{
    public static void Write(Utf8JsonWriter w, ScreeningResult r)
    {
        w.WriteStartObject();
        w.WriteString("id", r.Id);
        w.WriteString("name", r.Name);
        w.WriteString("country", r.Country);
        w.WriteString("decision", r.Decision);
        w.WriteNumber("threshold", r.Threshold);
        w.WriteStartArray("matches");
        foreach (var m in r.Matches)
        {
            w.WriteStartObject();
            w.WriteString("list", m.List);
            w.WriteString("entryId", m.EntryId);
            w.WriteString("listedName", m.ListedName);
            w.WriteString("matchedName", m.MatchedName);
            w.WriteNumber("score", Math.Round(m.Score, 4));
            w.WriteStartArray("explanation");
            foreach (var f in m.Explanation)
            {
                w.WriteStringValue(f.Text);
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }
}
