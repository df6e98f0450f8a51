using FluentValidation;
using System.Globalization;
using System.Security.Claims;
using GpuBilling.Access;
using GpuBilling.Decisions;
using GpuBilling.Money;
using GpuBilling.ServiceDefaults;
using Invoicing.BillingAccounts;
using Invoicing.Standing;
using Marten;

namespace Invoicing.Credits;

/// <param name="Source">"trial", "goodwill" or "purchase".</param>
/// <param name="Currency">Optional: where given, it must be the billing account's.</param>
public sealed record GrantRequest(string? Source, decimal? Amount, string? Currency, DateTimeOffset? ExpiresAt, string? Reason, string? Receipt);

/// <summary>What a grant's body must hold as sent (and so what the document requires); the rest is the decision's to judge.</summary>
public sealed class GrantRequestValidator : AbstractValidator<GrantRequest>
{
    public static readonly IReadOnlyList<string> Sources = ["trial", "goodwill", "purchase"];

    public GrantRequestValidator()
    {
        RuleFor(r => r.Source).Cascade(CascadeMode.Stop).NotNull().WithMessage("is required: one of trial, goodwill, purchase")
            .IsOneOf(Sources, ignoreCase: true).WithMessage(r => $"must be one of trial, goodwill, purchase; '{r.Source}' is not");
        RuleFor(r => r.Amount).NotNull().WithMessage("is required");
    }
}

/// <summary>A purchase of credit: <see cref="Receipt"/> names the payment.</summary>
public sealed record TopUpRequest(decimal? Amount, string? Currency, string? Receipt, DateTimeOffset? ExpiresAt, string? Reason);

public sealed record RevokeRequest(string? Reason);

/// <summary>
/// Operators grant, top up and revoke; a tenant, its auditors and operators read its credit and its
/// history. Another tenant's credit answers 404, exactly as a tenant with none, so a key cannot
/// learn which tenants hold credit. Operators alone read the liability across tenants.
/// </summary>
public static class CreditEndpoints
{
    private static readonly string[] Readers = [Roles.Operator, Roles.Auditor, Roles.Tenant];

    public static void MapCredits(this IEndpointRouteBuilder app)
    {
        var credits = app.MapGroup("/v1/credits").WithTag("Credits", "Prepaid credits: grants and top-ups, what running GPUs draw from them, their expiry, and the liability they are to the operator.").AnswersRefusals();
        credits.MapGet("/{tenantId}", GetAsync)
            .RequireRoles(Readers)
            .WithName("GetCredits")
            .WithSummary("A tenant's credit balance, promotional and purchased, with every grant and what is left of it.")
            .Produces<CreditBalanceView>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        credits.MapGet("/{tenantId}/history", HistoryAsync)
            .RequireRoles(Readers)
            .WithName("ListCreditHistory")
            .WithSummary("A page of the tenant's credit events in the order they happened: grants, draws, revocations, expiries.")
            .ProducesPage<CreditHistoryPage>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        credits.MapPost("/{tenantId}/grants", GrantAsync)
            .RequireRoles(Roles.Operator)
            .WithName("GrantCredit")
            .WithSummary("Grants credit in the billing account's currency: promotional (trial, goodwill) or purchased (with its receipt).")
            .Produces<CreditGrantView>(StatusCodes.Status201Created)
            .ProducesMalformedRequest()
            .ProducesRefusals()
            .ValidatesBody<GrantRequest>("Credit cannot be granted.");
        credits.MapPost("/{tenantId}/top-ups", TopUpAsync)
            .RequireRoles(Roles.Operator)
            .WithName("TopUpCredit")
            .WithSummary("Adds purchased credit paid by the receipt named; the same receipt again adds nothing.")
            .Produces<CreditGrantView>(StatusCodes.Status201Created)
            .Produces<CreditGrantView>()
            .ProducesMalformedRequest()
            .ProducesRefusals();
        credits.MapPost("/{tenantId}/grants/{grantId}/revoke", RevokeAsync)
            .RequireRoles(Roles.Operator)
            .WithName("RevokeCredit")
            .WithSummary("Takes back what is unused of a grant; revoked purchased credit is owed back to the tenant.")
            .Produces<CreditGrantView>()
            .ProducesMalformedRequest()
            .ProducesRefusals();

        app.MapGroup("/v1/credit-liability").WithTags("Credits").AnswersRefusals()
            .MapGet("", LiabilityAsync)
            .RequireRoles(Roles.Operator)
            .WithName("GetCreditLiability")
            .WithSummary("Unused purchased and promotional credit across tenants, by currency, at an instant (now unless `at` names one).")
            .Produces<CreditLiabilityView>()
            .ProducesMalformedRequest();
    }

    private static async Task<IResult> GetAsync(string tenantId, ClaimsPrincipal user, IQuerySession session, TimeProvider clock, CancellationToken cancellationToken)
    {
        var (balance, version) = await VisibleAsync(session, tenantId, user, cancellationToken);
        return Results.Ok(CreditBalanceView.Of(balance, version, clock.GetUtcNow()));
    }

    /// <summary>Pages by stream version: the cursor is the version of the previous page's last event.</summary>
    private static async Task<IResult> HistoryAsync(
        string tenantId, int? limit, string? cursor, ClaimsPrincipal user, IQuerySession session, CancellationToken cancellationToken)
    {
        long after = 0;
        var understood = cursor is null || (Pages.SortKeyOf(cursor) is { } key && long.TryParse(key, NumberStyles.None, CultureInfo.InvariantCulture, out after));
        CommandRefused.ThrowIfUnreadable(Pages.ProblemsWith(limit, cursor, understood));
        var (balance, _) = await VisibleAsync(session, tenantId, user, cancellationToken);

        var events = await session.Events.FetchStreamAsync(
            new CreditKey(tenantId).ToString(), version: after + Pages.FetchSize(limit), fromVersion: after + 1, token: cancellationToken);
        var entries = events.Where(e => e.Version > after && e.Data is CreditEvent)
            .Select(e => CreditHistoryEntry.Of(e.Version, (CreditEvent)e.Data, balance.Currency)).ToList();
        var page = Pages.Of(entries, limit, e => e.Version.ToString(CultureInfo.InvariantCulture));
        return Results.Ok(new CreditHistoryPage(page.Items, page.Next));
    }

    private static async Task<IResult> GrantAsync(
        string tenantId, GrantRequest request, ClaimsPrincipal user, WriteTransactions writes, TimeProvider clock, CancellationToken cancellationToken)
    {
        // Held to GrantRequestValidator before this runs: the source is one of the enum's names.
        var source = Enum.Parse<CreditSource>(request.Source!, ignoreCase: true);
        var (grant, added) = await DecideGrantAsync(tenantId, source, request.Amount, request.Currency, request.ExpiresAt, request.Reason, request.Receipt,
            user, writes, clock, cancellationToken);
        return added ? Results.Created($"/v1/credits/{tenantId}", grant) : Results.Ok(grant);
    }

    private static async Task<IResult> TopUpAsync(
        string tenantId, TopUpRequest request, ClaimsPrincipal user, WriteTransactions writes, TimeProvider clock, CancellationToken cancellationToken)
    {
        var (grant, added) = await DecideGrantAsync(tenantId, CreditSource.Purchase, request.Amount, request.Currency, request.ExpiresAt,
            request.Reason ?? "Top-up", request.Receipt, user, writes, clock, cancellationToken);
        return added ? Results.Created($"/v1/credits/{tenantId}", grant) : Results.Ok(grant);
    }

    /// <summary>The grant made (or, for a receipt already credited the same way, the one made before) and whether it is new.</summary>
    private static async Task<(CreditGrantView Grant, bool Added)> DecideGrantAsync(
        string tenantId, CreditSource source, decimal? amount, string? currencyCode, DateTimeOffset? expiresAt, string? reason, string? receipt,
        ClaimsPrincipal user, WriteTransactions writes, TimeProvider clock, CancellationToken cancellationToken)
    {
        var by = user.AsOperator();
        return await StreamConflicts.RetryAsync(async () =>
        {
            await using var write = await writes.BeginAsync(cancellationToken);
            var session = write.Session;
            var account = (await BillingAccountStream.ReadAsync(session, new AccountKey(tenantId), cancellationToken))?.Account
                ?? throw CommandRefused.NotFound($"Tenant '{tenantId}' has no billing account; credit is granted in its currency, so open one first.");
            var currency = account.Currency;
            if (amount is null)
                throw CommandRefused.Invalid($"Credit for '{tenantId}' cannot be granted", [new FieldProblem("Amount", "is required")]);
            if (currencyCode is not null && !Currency.TryOf(currencyCode, out currency))
                throw CommandRefused.Invalid($"Credit for '{tenantId}' cannot be granted",
                    [new FieldProblem("Currency", $"must be a supported ISO 4217 code; '{currencyCode}' is not")]);

            var now = clock.GetUtcNow();
            var credit = await CreditStream.FetchForWritingAsync(session, new CreditKey(tenantId), cancellationToken);
            var events = credit.Decide(state => CreditDecision.Decide(
                new GrantCredit(tenantId, account.Currency, source, new Money(amount.Value, currency), expiresAt, reason ?? "", receipt, now, by), state));
            credit.Save(session);
            if (events.Count > 0) await ReviewStandingAsync(write, credit, $"grant {credit.State!.Grants[^1].GrantId} by {by}", now, by, cancellationToken);
            await write.CommitAsync(cancellationToken);
            var grantId = events.OfType<CreditGranted>().SingleOrDefault()?.GrantId ?? credit.State!.Grants.Single(g => g.Receipt == receipt).GrantId;
            return (CreditGrantView.Of(credit.State!.Grant(grantId)!, now), events.Count > 0);
        });
    }

    private static async Task<IResult> RevokeAsync(
        string tenantId, string grantId, RevokeRequest? request, ClaimsPrincipal user, WriteTransactions writes, TimeProvider clock,
        CancellationToken cancellationToken)
    {
        var by = user.AsOperator();
        return await StreamConflicts.RetryAsync(async () =>
        {
            await using var write = await writes.BeginAsync(cancellationToken);
            var now = clock.GetUtcNow();
            var credit = await CreditStream.FetchForWritingAsync(write.Session, new CreditKey(tenantId), cancellationToken);
            var events = credit.Decide(state => CreditDecision.Decide(new RevokeCredit(tenantId, grantId, request?.Reason ?? "", now, by), state));
            credit.Save(write.Session);
            if (events.Count > 0) await ReviewStandingAsync(write, credit, $"revocation of {grantId} by {by}", now, by, cancellationToken);
            await write.CommitAsync(cancellationToken);
            return Results.Ok(CreditGrantView.Of(credit.State!.Grant(grantId)!, now));
        });
    }

    /// <summary>
    /// Sums every grant's movements up to the instant; a grant whose expiry has come by then counts
    /// nothing left, whether or not the sweep has written it off yet.
    /// </summary>
    private static async Task<IResult> LiabilityAsync(DateTimeOffset? at, IQuerySession session, TimeProvider clock, CancellationToken cancellationToken)
    {
        var instant = at ?? clock.GetUtcNow();
        var movements = await session.Query<CreditMovement>().Where(m => m.At <= instant).ToListAsync(cancellationToken);
        var left = movements
            .GroupBy(m => (m.TenantId, m.GrantId))
            .Select(g => (Grant: g.First(), Left: g.Sum(m => m.Amount)))
            .Where(g => g.Grant.ExpiresAt is not { } expiry || instant < expiry);
        var currencies = left
            .GroupBy(g => g.Grant.CurrencyCode)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g =>
            {
                var zero = Money.Zero(Currency.Of(g.Key)).Amount;
                var purchased = zero + g.Where(x => !x.Grant.Promotional).Sum(x => x.Left);
                var promotional = zero + g.Where(x => x.Grant.Promotional).Sum(x => x.Left);
                return new CurrencyLiability(g.Key, purchased, promotional, purchased + promotional);
            })
            .ToList();
        return Results.Ok(new CreditLiabilityView(instant, currencies));
    }

    /// <summary>The standing moves with the credit, in the transaction that changes it: a grant may lift depleted, a revocation cause it.</summary>
    private static Task ReviewStandingAsync(WriteTransaction write, CreditStream credit, string cause, DateTimeOffset now, Audit.Actor by, CancellationToken cancellationToken) =>
        StandingReview.ReviewAsync(write, credit.State!.TenantId, new StandingCause(cause, now, by) { CreditHeld = true, Credit = credit.State }, cancellationToken);

    private static async Task<(CreditBalance Balance, long Version)> VisibleAsync(
        IQuerySession session, string tenantId, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        if (!user.MaySee(tenantId) || !AccountKey.TryParse(tenantId, out _)) throw CommandRefused.NotFound($"Tenant '{tenantId}' has no credit.");
        var (balance, version) = await CreditStream.ReadAsync(session, new CreditKey(tenantId), cancellationToken);
        return balance is null ? throw CommandRefused.NotFound($"Tenant '{tenantId}' has no credit.") : (balance, version);
    }
}
