using System.Buffers.Text;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace GpuBilling.ServiceDefaults;

/// <summary>A page of a list: the items, and the cursor that reads the page after it (null on the last).</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, string? Next);

/// <summary>
/// Keyset pagination as every list of the API pages: `limit` items in the list's order and `next`,
/// a cursor naming the sort key of the page's last item, so a page never repeats or skips an item
/// when others are added meanwhile (an offset would). The cursor is opaque to clients (base64url of
/// the key), so the key's form can change.
/// </summary>
public static class Pages
{
    public const int DefaultSize = 50;
    public const int MaxSize = 200;

    public static string CursorAfter(string sortKey) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(sortKey));

    /// <summary>The sort key a cursor names, or null for text no page ever gave out.</summary>
    public static string? SortKeyOf(string cursor)
    {
        try
        {
            return Encoding.UTF8.GetString(Base64Url.DecodeFromChars(cursor));
        }
        catch (FormatException)
        {
            return null;
        }
    }

    /// <summary>
    /// What is wrong with a page asked for, field by field: a limit out of range, a cursor that
    /// <paramref name="cursorUnderstood"/> says the list could not read. Empty when it can be read.
    /// </summary>
    public static IReadOnlyList<(string Field, string Problem)> ProblemsWith(int? limit, string? cursor, bool cursorUnderstood) =>
    [
        .. limit is < 1 or > MaxSize ? [("limit", $"must be between 1 and {MaxSize}.")] : Array.Empty<(string, string)>(),
        .. cursor is not null && !cursorUnderstood
            ? [("cursor", "is not a cursor this API gave out; pass the 'next' of the previous page unchanged.")]
            : Array.Empty<(string, string)>(),
    ];

    /// <summary>How many items to fetch for a page of <paramref name="limit"/>: one more, to tell whether another page follows.</summary>
    public static int FetchSize(int? limit) => (limit ?? DefaultSize) + 1;

    /// <summary>The page out of what <see cref="FetchSize"/> fetched, in the list's order, with a cursor after its last item if more follow.</summary>
    public static Page<T> Of<T>(IReadOnlyList<T> fetched, int? limit, Func<T, string> sortKeyOf)
    {
        var size = limit ?? DefaultSize;
        return fetched.Count > size
            ? new Page<T>([.. fetched.Take(size)], CursorAfter(sortKeyOf(fetched[size - 1])))
            : new Page<T>(fetched, null);
    }
}

public static class PageEndpoints
{
    /// <summary>
    /// A list answering a page of <typeparamref name="TPage"/>, and the problems of a page that
    /// cannot be read: 400 for a limit that is not a number, 422 naming a limit out of range or a
    /// cursor no page gave out (<see cref="Pages.ProblemsWith"/>).
    /// </summary>
    public static RouteHandlerBuilder ProducesPage<TPage>(this RouteHandlerBuilder builder) =>
        builder.Produces<TPage>().ProducesMalformedRequest().ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity)
            .WithParameterRule(new ParameterRule("limit", schema =>
            {
                schema.Minimum = "1";
                schema.Maximum = Pages.MaxSize.ToString(System.Globalization.CultureInfo.InvariantCulture);
                schema.Default = System.Text.Json.Nodes.JsonValue.Create(Pages.DefaultSize);
                schema.Description = "How many items a page holds.";
            }))
            .WithParameterRule(new ParameterRule("cursor", schema =>
                schema.Description = "The `next` of the previous page, unchanged; left out for the first page."));
}
