using Marten;
using Metering.ServiceDefaults;

namespace Invoicing.BillingAccounts;

/// <summary>A billing account as the API shows it: its terms and the stream version they are at (the version pricing is told).</summary>
public sealed record BillingAccountView(string TenantId, long Version, BillingAccount Account);

public static class BillingAccountEndpoints
{
    public static void MapBillingAccounts(this IEndpointRouteBuilder app)
    {
        var accounts = app.MapGroup("/v1/billing-accounts")
            .WithTags("Billing accounts")
            .RequireRoles(Roles.Operator)
            .AnswersRefusals();
        accounts.MapPut("/{tenantId}", PutAsync)
            .WithName("PutBillingAccount")
            .WithSummary("Opens a tenant's billing account (201) or changes it to the terms given (200): the whole account each time.")
            .Produces<BillingAccountView>()
            .Produces<BillingAccountView>(StatusCodes.Status201Created)
            .ProducesMalformedRequest()
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status409Conflict);
        accounts.MapGet("/{tenantId}", GetAsync)
            .WithName("GetBillingAccount")
            .WithSummary("A tenant's billing account and the stream version its terms are at.")
            .Produces<BillingAccountView>()
            .ProducesProblem(StatusCodes.Status404NotFound);
    }

    /// <summary>
    /// Opens the account, or changes it to the terms given: the whole account each time, so a
    /// retried request is the same request (and adds nothing the second time).
    /// </summary>
    private static async Task<IResult> PutAsync(
        string tenantId, BillingAccount? body, HttpContext http, IDocumentStore store, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (body is null) throw CommandRefused.Invalid("The body must be the billing account.");
        // The path names the tenant; a body that names another is a mistake, not a rename.
        if (body.TenantId is not null && body.TenantId != tenantId)
            throw CommandRefused.Invalid($"Billing account of '{tenantId}' is invalid",
                [new FieldProblem(nameof(BillingAccount.TenantId), $"is '{body.TenantId}', but the path names '{tenantId}'")]);
        var account = body with { TenantId = tenantId };
        var by = http.User.AsOperator();

        return await StreamConflicts.RetryAsync(async () =>
        {
            await using var session = store.LightweightSession();
            var stream = await BillingAccountStream.FetchAsync(session, tenantId, cancellationToken);
            var now = clock.GetUtcNow();
            var events = stream.State is null
                ? BillingAccountDecision.Decide(new OpenBillingAccount(account, now, by), null)
                : BillingAccountDecision.Decide(new ChangeBillingAccount(account, now, by), stream.State);
            stream.Append(session, events);
            await session.SaveChangesAsync(cancellationToken);

            var view = new BillingAccountView(tenantId, stream.Version + events.Count, account);
            return stream.State is null ? Results.Created($"/v1/billing-accounts/{tenantId}", view) : Results.Ok(view);
        });
    }

    private static async Task<IResult> GetAsync(string tenantId, IQuerySession session, CancellationToken cancellationToken)
    {
        var stream = await BillingAccountStream.FetchAsync(session, tenantId, cancellationToken);
        if (stream.State is null) throw CommandRefused.NotFound($"Tenant '{tenantId}' has no billing account.");
        return Results.Ok(new BillingAccountView(tenantId, stream.Version, stream.State.Account));
    }
}
