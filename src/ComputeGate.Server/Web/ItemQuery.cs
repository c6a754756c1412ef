using ComputeGate.Domain.Items;

namespace ComputeGate.Server.Web;

/// <summary>The item (and date) a classify or timeline page asks for: the catalog to choose from and what was chosen.</summary>
public sealed record ItemQuery(IReadOnlyList<Item> Catalog, string? Item, DateOnly? Date, bool WithDate, string Submit, string? Error);
