using ComputeGate.Domain;
using System.Text;
using ComputeGate.Server.Web;
using ComputeGate.Store;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ComputeGate.Server.Pages;

/// <summary>
/// Check an order book: upload a CSV (analyst), every line decided and logged under a batch of its own (as the
/// API upload), then the results with a verdict filter and downloads as CSV or JSON lines.
/// </summary>
public sealed class CheckModel(CheckRequests checking, CheckedBooks books, EngineHost host) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Batch { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Verdict { get; set; }

    [BindProperty]
    public IFormFile? Book { get; set; }

    [BindProperty]
    public DateOnly? AsOf { get; set; }

    [BindProperty]
    public bool AsWritten { get; set; }

    public CheckedBook? Result { get; private set; }

    public string? Error { get; private set; }

    /// <summary>The lines shown: all, or those of the chosen verdict.</summary>
    public IEnumerable<CheckedLine> Shown => Result is null ? [] : string.IsNullOrEmpty(Verdict) ? Result.Lines : Result.Lines.Where(l => l.Verdict == Verdict);

    public IActionResult OnGet()
    {
        if (Batch is not null && (Result = books.Find(Batch)) is null)
        {
            Error = $"Batch {Batch} is not held by this server any more (its decisions are in the decision log).";
            Response.StatusCode = StatusCodes.Status404NotFound;
        }

        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!User.May(ApiRole.Analyst))
        {
            return StatusCode(StatusCodes.Status403Forbidden);
        }

        if (Book is null || Book.Length == 0)
        {
            Error = "Choose a CSV file to check.";
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        try
        {
            using var text = new StreamReader(Book.OpenReadStream(), Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
            var book = await books.Check(checking, text, Path.GetFileName(Book.FileName), AsOf, AsWritten ? Domain.Licensing.DecisionMode.AsWritten : Domain.Licensing.DecisionMode.AsEnforced,
                User.Identity?.Name ?? "unknown", host.Clock, HttpContext.RequestAborted).ConfigureAwait(false);
            return RedirectToPage(new { batch = book.BatchId });
        }
        catch (InputException e)
        {
            Error = e.Message;
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
    }

    /// <summary>The checked lines as CSV (<c>check --format csv</c>) or JSON lines (the API upload's lines), of the chosen verdict or all.</summary>
    public IActionResult OnGetDownload(string format)
    {
        if (Batch is null || (Result = books.Find(Batch)) is null)
        {
            return NotFound();
        }

        var csv = format == "csv";
        var body = new StringBuilder(csv ? Result.CsvHeader : "");
        foreach (var line in Shown)
        {
            body.Append(csv ? line.CsvRow : line.JsonLine + "\n");
        }

        return File(Encoding.UTF8.GetBytes(body.ToString()), csv ? "text/csv" : "application/x-ndjson", $"{Result.BatchId}{(string.IsNullOrEmpty(Verdict) ? "" : "-" + Verdict)}.{(csv ? "csv" : "jsonl")}");
    }
}
