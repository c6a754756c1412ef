using System.Globalization;
using ComputeGate.Store;
using Spectre.Console;

namespace ComputeGate.Cli;

/// <summary><c>computegate licenses import</c> and <c>licenses list</c>: the licences held, in the store.</summary>
public sealed class LicenseCommands(TextWriter output, IAnsiConsole console, TimeProvider clock)
{
    public int ShowImport(int licences, LicenseImportAudit audit, string location, bool json)
    {
        if (json)
        {
            JsonContract.Write(output, new { inserted = audit.Inserted, updated = audit.Updated, unchanged = audit.Unchanged, store = location });
        }
        else
        {
            console.MarkupLine(Markup.Escape($"{licences} licences imported into {location}: {audit.Inserted} new, {audit.Updated} with new terms (what was drawn is kept), {audit.Unchanged} unchanged."));
        }

        return App.Ok;
    }

    public int List(string location, bool json)
    {
        using var store = StoreSession.Open(location, clock);
        var rows = store.Licenses.List();
        if (json)
        {
            JsonContract.Write(output, rows.Select(s => new
            {
                number = s.License.Number,
                holder = s.License.Holder,
                items = s.License.Items,
                eccns = s.License.Eccns,
                destinations = s.License.Destinations.Select(d => d.Value),
                endUsers = s.License.EndUsers,
                validFrom = Day(s.License.ValidFrom),
                validUntil = Day(s.License.ValidUntil),
                quantity = s.License.QuantityLimit,
                quantityUsed = s.QuantityUsed,
                quantityLeft = s.Left.Quantity,
                valueUsd = s.License.ValueLimitUsd,
                valueUsedUsd = s.ValueUsedUsd,
                valueLeftUsd = s.Left.Value,
                source = s.License.Source,
            }));
            return App.Ok;
        }

        if (rows.Count == 0)
        {
            console.MarkupLine("No licences in the store yet (`computegate licenses import <file>`).");
            return App.Ok;
        }

        var table = new Table().AddColumn("Licence").AddColumn("Holder").AddColumn("Covers").AddColumn("To").AddColumn("Valid")
            .AddColumn(new TableColumn("Units left").RightAligned()).AddColumn(new TableColumn("USD left").RightAligned());
        foreach (var s in rows)
        {
            var l = s.License;
            table.AddRow(Markup.Escape(l.Number), Markup.Escape(l.Holder), Markup.Escape(string.Join(", ", l.Items.Concat(l.Eccns))),
                Markup.Escape(string.Join(", ", l.Destinations.Select(d => d.Value))), $"{Day(l.ValidFrom)} to {Day(l.ValidUntil)}",
                s.Left.Quantity is { } q ? $"{q:N0} of {l.QuantityLimit:N0}" : "no limit",
                s.Left.Value is { } v ? $"{v:N0} of {l.ValueLimitUsd:N0}" : "no limit");
        }

        console.Write(table);
        return App.Ok;
    }

    private static string Day(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
