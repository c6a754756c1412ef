using System.Globalization;
using ComputeGate.Domain.Geography;
using ComputeGate.Domain.Items;
using ComputeGate.Domain.Licensing;

namespace ComputeGate.Formats;

/// <summary>An order line as given, every field as text (a CSV row, command-line options, an API request).</summary>
public sealed record OrderLineText(
    string Id, string? Date, string Item, string Quantity, string Destination,
    string? EndUser = null, string? EndUserCountry = null, string? EndUserHq = null, string? Exporter = null,
    string? Consignee = null, string? UnitValueUsd = null, string? ShipFrom = null);

/// <summary>What each face calls the fields of an order line, for its messages.</summary>
public sealed record OrderLineFieldNames(
    string Id, string Date, string Item, string Quantity, string Destination, string EndUserCountry, string EndUserHq, string UnitValueUsd, string ShipFrom)
{
    /// <summary>The columns of an order book CSV.</summary>
    public static readonly OrderLineFieldNames Csv = new("id", "date", "item", "quantity", "destination", "end_user_country", "end_user_hq", "unit_value_usd", "ship_from");

    /// <summary>The options of <c>computegate check --item</c>.</summary>
    public static readonly OrderLineFieldNames Cli = new("id", "--date", "--item", "--quantity", "--to", "--end-user-country", "--end-user-hq", "--unit-value", "--ship-from");

    /// <summary>The fields of the API's check request (JSON).</summary>
    public static readonly OrderLineFieldNames Api = new("id", "date", "item", "quantity", "destination", "endUserCountry", "endUserHq", "unitValueUsd", "shipFrom");
}

/// <summary>A line that could not be built: the field (as the face names it) and the problem.</summary>
public sealed record OrderLineProblem(string Field, string Problem);

/// <summary>
/// The one place an order line is built and validated from what a person gave, for the CSV reader, the command line
/// and the API alike: same rules, same messages. Not thread-safe (it remembers item files it has read).
/// </summary>
/// <param name="itemBaseDirectory">Where item files named by a relative path are looked for; null: catalog ids only.</param>
/// <param name="itemHint">What an unknown item message points to (e.g. "see `computegate catalog`").</param>
public sealed class OrderLineParser(Catalog catalog, OrderBookReader.CountryResolver countries, string? itemBaseDirectory, string itemHint = "see `computegate catalog`")
{
    /// <summary>The longest line id taken (ids go to the log and to messages).</summary>
    public const int MaxIdLength = 200;

    private readonly Dictionary<string, (Item? Item, string? Error)> _itemFiles = new(StringComparer.Ordinal);

    /// <summary>Builds the line, or says which field is wrong and why.</summary>
    /// <param name="overrideDate">Decide on this date whatever the line's own (<c>--as-of</c>).</param>
    /// <param name="defaultDate">The date when the line gives none; null: the date is required.</param>
    public (OrderLine? Line, OrderLineProblem? Problem) Parse(OrderLineText t, OrderLineFieldNames names, DateOnly? overrideDate = null, DateOnly? defaultDate = null)
    {
        try
        {
            return (Build(t, names, overrideDate, defaultDate), null);
        }
        catch (FieldError e)
        {
            return (null, new OrderLineProblem(e.Field, e.Message));
        }
    }

    /// <summary>As <see cref="Parse"/>, for a face that reports one line: a problem is an <see cref="Domain.InputException"/> naming the field.</summary>
    public OrderLine ParseOrThrow(OrderLineText t, OrderLineFieldNames names, DateOnly? overrideDate = null, DateOnly? defaultDate = null) =>
        Parse(t, names, overrideDate, defaultDate) switch
        {
            ({ } line, _) => line,
            (_, var p) => throw new Domain.InputException(p!.Field, null, null, p.Problem),
        };

    private sealed class FieldError(string field, string message) : Exception(message)
    {
        public string Field { get; } = field;
    }

    private OrderLine Build(OrderLineText t, OrderLineFieldNames n, DateOnly? overrideDate, DateOnly? defaultDate)
    {
        if (t.Id.Length == 0)
        {
            throw new FieldError(n.Id, "is empty");
        }

        if (t.Id.Length > MaxIdLength || t.Id.Any(char.IsControl))
        {
            throw new FieldError(n.Id, $"must be at most {MaxIdLength} printable characters");
        }

        DateOnly date;
        if (overrideDate is { } a)
        {
            date = a;
        }
        else if (string.IsNullOrEmpty(t.Date) && defaultDate is { } d)
        {
            date = d;
        }
        else if (!DateOnly.TryParseExact(t.Date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date))
        {
            throw new FieldError(n.Date, $"'{t.Date}' is not a date (YYYY-MM-DD)");
        }

        var item = ResolveItem(t.Item, n.Item);
        if (!int.TryParse(t.Quantity, NumberStyles.Integer, CultureInfo.InvariantCulture, out var quantity) || quantity <= 0)
        {
            throw new FieldError(n.Quantity, $"'{t.Quantity}' is not a positive whole number");
        }

        decimal? unitValue = null;
        if (Given(t.UnitValueUsd) is { } uv)
        {
            unitValue = decimal.TryParse(uv, NumberStyles.Number, CultureInfo.InvariantCulture, out var v) && v >= 0m
                ? v
                : throw new FieldError(n.UnitValueUsd, $"'{uv}' is not a non-negative amount");
        }

        return new OrderLine
        {
            Id = t.Id,
            Date = date,
            Item = item,
            Quantity = quantity,
            Destination = Country(n.Destination, t.Destination, required: true)!.Value,
            EndUser = Given(t.EndUser),
            EndUserCountry = Country(n.EndUserCountry, t.EndUserCountry, required: false),
            EndUserHeadquarters = Country(n.EndUserHq, t.EndUserHq, required: false),
            Exporter = Given(t.Exporter),
            Consignee = Given(t.Consignee),
            UnitValueUsd = unitValue,
            ShipFrom = Country(n.ShipFrom, t.ShipFrom, required: false),
        };
    }

    private static string? Given(string? text) => string.IsNullOrWhiteSpace(text) ? null : text;

    private CountryCode? Country(string field, string? text, bool required)
    {
        // Only an absent or empty field is "not given"; blanks are an unreadable value, never a silent default
        // (an end user's headquarters taken as unknown must be a choice of the file, not of its spacing).
        if (string.IsNullOrEmpty(text))
        {
            return required ? throw new FieldError(field, "is empty") : null;
        }

        return countries(text, out var code)
            ? code
            : throw new FieldError(field, $"'{text}' is not a country code or name (ISO 3166-1 alpha-2 such as CN, or a name such as China)");
    }

    private Item ResolveItem(string reference, string field)
    {
        if (reference.Length == 0)
        {
            throw new FieldError(field, "is empty");
        }

        if (catalog.Find(reference) is { } item)
        {
            return item;
        }

        if (itemBaseDirectory is null)
        {
            throw new FieldError(field, $"'{reference}' is not a catalog id ({itemHint})");
        }

        if (!_itemFiles.TryGetValue(reference, out var cached))
        {
            var path = Path.IsPathRooted(reference) ? reference : Path.Combine(itemBaseDirectory, reference);
            try
            {
                cached = File.Exists(path)
                    ? (new ItemReader(catalog.Find).Read(reference, File.ReadAllText(path)), null)
                    : (null, reference.Contains('/') || reference.Contains('.') ? $"'{reference}': no such item file" : $"'{reference}' is not a catalog id ({itemHint}) or an item file");
            }
            catch (Domain.InputException e)
            {
                cached = (null, $"item file {e.Message}");
            }

            if (_itemFiles.Count < 10_000)
            {
                _itemFiles[reference] = cached;
            }
        }

        return cached.Item ?? throw new FieldError(field, cached.Error!);
    }
}
