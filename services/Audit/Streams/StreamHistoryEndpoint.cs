using System.Security.Claims;
using GpuBilling.Access;
using GpuBilling.ServiceDefaults;
using Invoicing.BillingAccounts;
using Invoicing.Credits;
using Invoicing.Invoices;
using Invoicing.Standing;
using Marten;

namespace Audit.Streams;

public static class StreamHistoryEndpoint
{
    public static readonly IReadOnlyList<string> Stores = ["metering", "pricing", "invoicing"];

    public static void MapStreamHistory(this IEndpointRouteBuilder app) =>
        app.MapGet("/v1/audit/streams/{store}/{streamKey}", HistoryAsync)
            .RequireRoles(Roles.Auditor, Roles.Operator)
            .WithName("ReadStreamHistory")
            .WithTags("Audit")
            .WithSummary("A page of one stream's events as stored, with their hashes and the hash the page chains to.")
            .Produces<StreamHistory>()
            .ProducesMalformedRequest()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .Allows("store", Stores);

    /// <summary>A page of the stream's events in version order, <paramref name="limit"/> at most, after version <paramref name="after"/>.</summary>
    private static async Task<IResult> HistoryAsync(
        string store, string streamKey, long? after, int? limit, ClaimsPrincipal user, AuditedStores stores, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (!Stores.Contains(store)) errors["store"] = [$"One of {string.Join(", ", Stores)}."];
        VersionPages.AddProblems(errors, after, limit, "events");
        if (errors.Count > 0) return Results.ValidationProblem(errors);
        if (!user.MaySee(TenantOf(store, streamKey)))
            return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: $"There is no stream {streamKey} in {store}'s event store.");

        await using var session = (store switch
        {
            "metering" => stores.Metering,
            "pricing" => stores.Pricing,
            _ => stores.Invoicing,
        }).QuerySession();
        if (await session.Events.FetchStreamStateAsync(streamKey, cancellationToken) is not { } state)
            return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: $"There is no stream {streamKey} in {store}'s event store.");

        var (from, to) = VersionPages.Of(after, limit, state.Version);
        // The event before the page too: its hash is what the page's first event chains to.
        var read = await session.Events.FetchStreamAsync(streamKey, version: to, fromVersion: Math.Max(1, from), token: cancellationToken);
        var previous = from > 0 ? read.FirstOrDefault(e => e.Version == from) : null;
        return Results.Ok(StreamHistoryOf.Of(store, streamKey, state.Version, previous, [.. read.Where(e => e.Version > from)]));
    }

    /// <summary>
    /// Whose history a stream is: a tenant's accruals, account, invoices, credit and standing are that tenant's (an
    /// accrual key is "{tenant}@{period start}", pricing's own form); a ledger node-hour holds every
    /// tenant on the node that hour, and a rate card prices many, so those take a grant of every tenant.
    /// </summary>
    private static string TenantOf(string store, string streamKey) => store switch
    {
        "invoicing" when InvoiceKey.TryParse(streamKey, out var invoice) => invoice.TenantId,
        "invoicing" when CreditKey.TryParse(streamKey, out var credit) => credit.TenantId,
        "invoicing" when StandingKey.TryParse(streamKey, out var standing) => standing.TenantId,
        "invoicing" when AccountKey.TryParse(streamKey, out var account) => account.TenantId,
        "pricing" when streamKey.LastIndexOf('@') is var at and > 0 => streamKey[..at],
        _ => AccessGrant.AllTenants,
    };
}
