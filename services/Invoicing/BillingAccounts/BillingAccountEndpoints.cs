using System.Security.Claims;
using GpuBilling.Access;
using GpuBilling.Decisions;
using GpuBilling.ServiceDefaults;
using JasperFx.Events;
using Marten;
using Marten.Events.Aggregation;

namespace Invoicing.BillingAccounts;

/// <summary>A billing account as the API shows it: its terms and the stream version they are at (the version pricing is told).</summary>
public sealed record BillingAccountView(string TenantId, long Version, BillingAccount Account);

/// <summary>
/// Keeps a <see cref="BillingAccountView"/> per account stream, inline (in the transaction that
/// appends to it), so accounts are listed without reading every stream: invoice streams share the
/// event store. Evolve is written out because this project drops Marten's event source generator
/// (see Invoicing.csproj), which conventional Create/Apply methods need.
/// </summary>
public sealed class BillingAccountViewProjection : SingleStreamProjection<BillingAccountView, string>
{
    // Only account streams: an invoice stream's events must cost the projection nothing.
    public BillingAccountViewProjection()
    {
        IncludeType<BillingAccountOpened>();
        IncludeType<BillingAccountChanged>();
    }

    public override BillingAccountView? Evolve(BillingAccountView? view, string id, IEvent e) => e.Data switch
    {
        BillingAccountOpened opened => new BillingAccountView(opened.TenantId, e.Version, opened.Account),
        BillingAccountChanged changed when view is not null => view with { Version = e.Version, Account = changed.Account },
        _ => view,
    };
}

/// <summary>A page of billing accounts in tenant order; <see cref="Next"/> reads the one after it and is null on the last.</summary>
public sealed record BillingAccountPage(IReadOnlyList<BillingAccountView> Accounts, string? Next);

public static class BillingAccountEndpoints
{
    public static void MapBillingAccounts(this IEndpointRouteBuilder app)
    {
        var accounts = app.MapGroup("/v1/billing-accounts")
            .WithTag("Billing accounts", "Each tenant's billing terms: currency, time zone, billing period anchor, grace period, payment terms, tax and rate card.")
            .AnswersRefusals();
        accounts.MapGet("", ListAsync)
            .RequireRoles(Roles.Operator)
            .WithName("ListBillingAccounts")
            .WithSummary("A page of every tenant's billing account, in tenant order.")
            .ProducesPage<BillingAccountPage>();
        accounts.MapPut("/{tenantId}", PutAsync)
            .RequireRoles(Roles.Operator)
            .WithName("PutBillingAccount")
            .WithSummary("Opens a tenant's billing account (201) or changes it to the terms given (200): the whole account each time.")
            .WithDescription("The rate card must be one published in pricing, pricing in the account's currency; otherwise a 422 names `RateCardId`. "
                + "Invoicing hears of a card a moment after it is published, so a card published just before is refused as not known yet: retry.")
            .Produces<BillingAccountView>()
            .Produces<BillingAccountView>(StatusCodes.Status201Created)
            .ProducesMalformedRequest()
            .ValidatesBody<PutBillingAccountRequest>(Refused)
            .ProducesProblem(StatusCodes.Status409Conflict);
        // A tenant reads its own terms (the portal shows usage in the account's time zone); another's is 404.
        accounts.MapGet("/{tenantId}", GetAsync)
            .RequireRoles(Roles.Operator, Roles.Auditor, Roles.Tenant)
            .WithName("GetBillingAccount")
            .WithSummary("A tenant's billing account and the stream version its terms are at; a tenant key reads its own.")
            .Produces<BillingAccountView>()
            .ProducesProblem(StatusCodes.Status404NotFound);
    }

    /// <summary>
    /// Opens the account, or changes it to the terms given: the whole account each time, so a
    /// retried request is the same request (and adds nothing the second time). Its rate card must be
    /// one pricing announced, in its currency (<see cref="RateCardRule"/>), checked after the terms
    /// themselves are valid.
    /// </summary>
    private static async Task<IResult> PutAsync(
        string tenantId, PutBillingAccountRequest body, HttpContext http, IDocumentStore store, TimeProvider clock, CancellationToken cancellationToken)
    {
        // The path names the tenant; a body that names another is a mistake, not a rename.
        if (body.TenantId is not null && body.TenantId != tenantId)
            throw CommandRefused.Invalid($"Billing account of '{tenantId}' is invalid",
                [new FieldProblem(nameof(BillingAccount.TenantId), $"is '{body.TenantId}', but the path names '{tenantId}'")]);
        // Held to PutBillingAccountRequestValidator before this runs; the account's own rules hold in the decision.
        var account = body.ToAccount(tenantId);
        var by = http.User.AsOperator();

        return await StreamConflicts.RetryAsync(async () =>
        {
            await using var session = store.LightweightSession();
            var stream = await BillingAccountStream.FetchForWritingAsync(session, new AccountKey(tenantId), cancellationToken);
            var now = clock.GetUtcNow();
            var events = stream.Aggregate is null
                ? BillingAccountDecision.Decide(new OpenBillingAccount(account, now, by), null)
                : BillingAccountDecision.Decide(new ChangeBillingAccount(account, now, by), stream.Aggregate);
            var problems = RateCardRule.ProblemsWith(account, await session.LoadAsync<KnownRateCard>(account.RateCardId, cancellationToken));
            if (problems.Count > 0) throw CommandRefused.Invalid($"Billing account of '{tenantId}' is invalid", problems);
            stream.AppendMany(events);
            await session.SaveChangesAsync(cancellationToken);

            var view = new BillingAccountView(tenantId, (stream.StartingVersion ?? 0) + events.Count, account);
            return stream.Aggregate is null ? Results.Created($"/v1/billing-accounts/{tenantId}", view) : Results.Ok(view);
        });
    }

    /// <summary>Pages as invoices do (<see cref="Pages"/>): the cursor is the last tenant of the previous page.</summary>
    private static async Task<IResult> ListAsync(int? limit, string? cursor, IQuerySession session, CancellationToken cancellationToken)
    {
        var after = cursor is null ? null : Pages.SortKeyOf(cursor);
        CommandRefused.ThrowIfUnreadable(Pages.ProblemsWith(limit, cursor, after is not null));

        var query = session.Query<BillingAccountView>().AsQueryable();
        if (after is not null) query = query.Where(a => a.TenantId.CompareTo(after) > 0);
        var fetched = await query.OrderBy(a => a.TenantId).Take(Pages.FetchSize(limit)).ToListAsync(cancellationToken);
        var page = Pages.Of(fetched, limit, a => a.TenantId);
        return Results.Ok(new BillingAccountPage(page.Items, page.Next));
    }

    private const string Refused = "The billing account was refused.";

    private static async Task<IResult> GetAsync(string tenantId, ClaimsPrincipal user, IQuerySession session, CancellationToken cancellationToken)
    {
        var view = (user.MaySee(tenantId) ? await session.LoadAsync<BillingAccountView>(tenantId, cancellationToken) : null)
            ?? throw CommandRefused.NotFound($"Tenant '{tenantId}' has no billing account.");
        return Results.Ok(view);
    }
}
