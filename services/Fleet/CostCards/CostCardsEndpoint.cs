using FluentValidation;
using System.Security.Claims;
using GpuBilling.Access;
using GpuBilling.Decisions;
using GpuBilling.ServiceDefaults;
using Marten;

namespace Fleet.CostCards;

public static class CostCardsEndpoint
{
    /// <summary>
    /// The validators of the body as sent, which the endpoint runs first; the nested ones registered too
    /// so the document reads what they insist on as required.
    /// </summary>
    public static IServiceCollection AddCostCards(this IServiceCollection services) => services
        .AddSingleton<IValidator<PublishCostCardVersionRequest>, PublishCostCardVersionRequestValidator>()
        .AddSingleton<IValidator<CostCardTermsRequest>, CostCardTermsRequestValidator>()
        .AddSingleton<IValidator<GpuPriceRequest>, GpuPriceRequestValidator>()
        .AddSingleton<IValidator<FixedChargeRequest>, FixedChargeRequestValidator>();

    public static void MapCostCards(this IEndpointRouteBuilder app)
    {
        var cards = app.MapGroup("/v1/fleet/cost-cards").WithTag("Supplier cost cards", "What suppliers charge for GPUs held from them, per GPU-hour whether used or not, versioned and effective-dated.").RequireRoles(Roles.Operator);
        cards.MapPost("/{supplierId}/versions", PublishAsync)
            .WithName("PublishCostCardVersion")
            .WithSummary("Publishes a new version of a supplier's cost card, effective from a date after its latest version's.")
            .ProducesAddedVersion<CostCardVersionPublished>()
            .ValidatesBody<PublishCostCardVersionRequest>(VersionRefused);
        cards.MapGet("/{supplierId}", GetAsync)
            .WithName("GetCostCard")
            .WithSummary("A supplier's cost card with every version.")
            .Produces<CostCard>()
            .ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static async Task<IResult> PublishAsync(
        string supplierId, PublishCostCardVersionRequest request, ClaimsPrincipal user, IDocumentStore store, TimeProvider clock,
        CancellationToken cancellationToken)
    {
        // Held to PublishCostCardVersionRequestValidator before this runs.
        var (currency, effectiveFrom, terms) = (request.Currency!, request.EffectiveFrom!.Value, request.Terms!.ToTerms());
        return await store.AddVersionAsync<CostCard, CostCardVersionPublished>(
            new CostCardKey(supplierId).ToString(),
            state => PublishCostCardVersionDecision.Decide(
                new PublishCostCardVersion(supplierId, currency, effectiveFrom, terms, clock.GetUtcNow(), user.Id()), state),
            new VersionAnswers(VersionRefused, "The cost card changed meanwhile.",
                $"Another version of the cost card of '{supplierId}' was published while this one was decided; read the card and publish again.",
                $"/v1/fleet/cost-cards/{supplierId}"),
            cancellationToken);
    }

    private static async Task<IResult> GetAsync(string supplierId, IQuerySession session, CancellationToken cancellationToken) =>
        await session.LoadAsync<CostCard>(new CostCardKey(supplierId).ToString(), cancellationToken) is { } card
            ? Results.Ok(card)
            : Results.Problem(statusCode: StatusCodes.Status404NotFound, title: $"Supplier '{supplierId}' has no cost card.");

    private const string VersionRefused = "The cost card version was refused.";
}
