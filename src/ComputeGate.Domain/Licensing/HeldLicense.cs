using ComputeGate.Domain.Geography;
using ComputeGate.Domain.Parties;

namespace ComputeGate.Domain.Licensing;

/// <summary>
/// A licence the user holds: who may use it, for which items (catalog ids) or ECCNs, to which destinations
/// and end users, how many units and how much value, between which dates (both inclusive).
/// An empty <see cref="EndUsers"/> list means any end user; an ECCN such as "3A090" covers its sub-paragraphs.
/// </summary>
public sealed record HeldLicense(
    string Number,
    string Holder,
    IReadOnlyList<string> Items,
    IReadOnlyList<string> Eccns,
    IReadOnlyList<CountryCode> Destinations,
    IReadOnlyList<string> EndUsers,
    int? QuantityLimit,
    decimal? ValueLimitUsd,
    DateOnly ValidFrom,
    DateOnly ValidUntil,
    string Source)
{
    /// <summary>Why the licence does not cover the line's facts (balance aside), or null when it does.</summary>
    public string? Mismatch(OrderLine line, Decision decision, CountryCode earDestination)
    {
        if (PartyName.Key(Holder) != PartyName.Key(line.Exporter))
        {
            return string.IsNullOrWhiteSpace(line.Exporter) ? "no exporter given" : $"held by {Holder}, not the exporter";
        }

        if (line.Date > ValidUntil)
        {
            return $"expired on {ValidUntil:yyyy-MM-dd}";
        }

        if (line.Date < ValidFrom)
        {
            return $"not valid before {ValidFrom:yyyy-MM-dd}";
        }

        var itemOk = (line.Item.Id is { } id && Items.Contains(id))
                     || Eccns.Any(e => decision.Paragraph is { } p && (p == e || p.StartsWith(e + ".", StringComparison.Ordinal)));
        if (!itemOk)
        {
            return "does not list the item or its ECCN";
        }

        if (!Destinations.Contains(line.Destination) && !Destinations.Contains(earDestination))
        {
            return $"not for {line.Destination}";
        }

        if (EndUsers.Count > 0 && !EndUsers.Any(u => PartyName.Key(u) == PartyName.Key(line.EndUser)))
        {
            return "not for this end user";
        }

        return null;
    }
}
