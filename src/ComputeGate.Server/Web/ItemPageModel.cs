using ComputeGate.Domain.Items;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ComputeGate.Server.Web;

/// <summary>
/// A page about one catalog item (classify, timeline): the item chosen in the query string, its form, a chart,
/// and a 404 when the item is not in the catalog. A page says what it shows of a found item in <see cref="Show"/>.
/// </summary>
public abstract class ItemPageModel(EngineHost host) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Item { get; set; }

    /// <summary>The page's chart as SVG, when an item was found.</summary>
    public string? Chart { get; protected set; }

    public ItemQuery Query { get; private set; } = null!;

    protected EngineHost Host => host;

    /// <summary>Fills the page for a found item; returns its chart as SVG.</summary>
    protected abstract string Show(Item item);

    /// <summary>Looks the item up and shows it; <paramref name="date"/> (when the page takes one) goes back into the form.</summary>
    protected IActionResult Render(DateOnly? date, string button, string? error = null)
    {
        if (!string.IsNullOrEmpty(Item))
        {
            if (host.Item(Item) is { } item)
            {
                Chart = Show(item);
            }
            else
            {
                error = $"'{Item}' is not in the catalog.";
                Response.StatusCode = StatusCodes.Status404NotFound;
            }
        }

        Query = new ItemQuery(host.Reference.Catalog.All(), Item, date, WithDate: date is not null, button, error);
        return Page();
    }
}
