using System.Security.Claims;
using Marten;
using Metering.ServiceDefaults;

namespace Pricing.RateCards;

/// <summary>The body of a new version: the card is named by the path and the publisher is the caller.</summary>
public sealed record PublishRateCardVersionRequest(string? Currency, DateTimeOffset? EffectiveFrom, RateCardTerms? Terms);

/// <summary>A rate card as operators read it: every version with who published it and when.</summary>
public sealed record RateCardResponse(string Id, string Currency, IReadOnlyList<RateCardVersionPublished> Versions);

public static class RateCardsEndpoint
{
    public static void MapRateCards(this IEndpointRouteBuilder app)
    {
        var cards = app.MapGroup("/v1/rate-cards").WithTags("Rate cards").RequireRoles(Roles.Operator);
        cards.MapPost("/{id}/versions", PublishAsync)
            .WithName("PublishRateCardVersion")
            .WithSummary("Publishes a new version of a rate card, effective from a date; past versions never change.")
            .Produces<RateCardVersionPublished>(StatusCodes.Status201Created)
            .ProducesMalformedRequest()
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status409Conflict);
        cards.MapGet("/{id}", GetAsync)
            .WithName("GetRateCard")
            .WithSummary("A rate card with every version, who published it and when.")
            .Produces<RateCardResponse>()
            .ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static async Task<IResult> PublishAsync(
        string id, PublishRateCardVersionRequest request, ClaimsPrincipal user, IDocumentStore store, TimeProvider clock,
        CancellationToken cancellationToken)
    {
        if (request.EffectiveFrom is not { } effectiveFrom || request.Terms is not { } terms)
            return Refused(
            [
                .. request.EffectiveFrom is null ? [new Refusal(nameof(request.EffectiveFrom), "'EffectiveFrom' is required.")] : Array.Empty<Refusal>(),
                .. request.Terms is null ? [new Refusal(nameof(request.Terms), "'Terms' is required.")] : Array.Empty<Refusal>(),
            ]);

        await using var session = store.LightweightSession();
        var stream = await session.Events.FetchStreamAsync(id, token: cancellationToken);
        RateCardVersionPublished published;
        try
        {
            published = PublishRateCardVersionDecision.Decide(
                new PublishRateCardVersion(id, request.Currency ?? "", effectiveFrom, terms, clock.GetUtcNow(),
                    user.Id()),
                RateCardStreams.CardOf(stream));
        }
        catch (CommandRefusedException refused)
        {
            return Refused(refused.Reasons);
        }

        session.Events.Append(id, stream.Count + 1, published);
        try
        {
            await session.SaveChangesAsync(cancellationToken);
        }
        catch (Exception e) when (ConsumerRetries.IsConflict(e))
        {
            return Results.Problem(
                statusCode: StatusCodes.Status409Conflict,
                title: "The rate card changed meanwhile.",
                detail: $"Another version of rate card '{id}' was published while this one was decided; read the card and publish again.");
        }
        return Results.Created($"/v1/rate-cards/{id}", published);
    }

    private static async Task<IResult> GetAsync(string id, IQuerySession session, CancellationToken cancellationToken)
    {
        var stream = await session.Events.FetchStreamAsync(id, token: cancellationToken);
        return RateCardStreams.CardOf(stream) is { } card
            ? Results.Ok(new RateCardResponse(card.Id, card.Currency.Code, [.. stream.Select(e => (RateCardVersionPublished)e.Data)]))
            : Results.Problem(statusCode: StatusCodes.Status404NotFound, title: $"No rate card '{id}'.");
    }

    /// <summary>RFC 9457 problem details naming each field at fault, as validation problems do everywhere.</summary>
    private static IResult Refused(IEnumerable<Refusal> reasons) =>
        Results.ValidationProblem(
            reasons.GroupBy(r => r.Field).ToDictionary(g => g.Key, g => g.Select(r => r.Problem).ToArray()),
            statusCode: StatusCodes.Status422UnprocessableEntity,
            title: "The rate card version was refused.");
}
