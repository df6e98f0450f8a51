using FluentValidation;
using System.Security.Claims;
using GpuBilling.Access;
using GpuBilling.Decisions;
using GpuBilling.ServiceDefaults;
using Marten;

namespace Pricing.RateCards;

/// <summary>The body of a new version: the card is named by the path and the publisher is the caller.</summary>
public sealed record PublishRateCardVersionRequest(string? Currency, DateTimeOffset? EffectiveFrom, RateCardTerms? Terms);

/// <summary>What the body must hold as sent (and so what the document requires); the rest is the decision's to judge (<see cref="PublishRateCardVersionValidator"/>).</summary>
public sealed class PublishRateCardVersionRequestValidator : AbstractValidator<PublishRateCardVersionRequest>
{
    public PublishRateCardVersionRequestValidator()
    {
        RuleFor(r => r.Currency).Cascade(CascadeMode.Stop).NotNull().WithMessage("'Currency' is required.")
            .IsOneOf(GpuBilling.Money.Currency.Codes).WithMessage(r => $"'Currency' must be a supported ISO 4217 code ({string.Join(", ", GpuBilling.Money.Currency.Codes)}), not '{r.Currency}'.");
        RuleFor(r => r.EffectiveFrom).NotNull().WithMessage("'EffectiveFrom' is required.");
        RuleFor(r => r.Terms).NotNull().WithMessage("'Terms' is required.");
    }
}

/// <summary>A rate card as operators read it: every version with who published it and when.</summary>
public sealed record RateCardResponse(string Id, string Currency, IReadOnlyList<RateCardVersionPublished> Versions);

public static class RateCardsEndpoint
{
    public static void MapRateCards(this IEndpointRouteBuilder app)
    {
        var cards = app.MapGroup("/v1/rate-cards").WithTag("Rate cards", "Versioned, effective-dated prices per GPU-hour that usage is rated against; a new version never changes a past invoice.").RequireRoles(Roles.Operator)
            .Identifies("id", Ids.RateCard);
        cards.MapGet("", ListAsync)
            .WithName("ListRateCards")
            .WithSummary("A page of rate cards in id order: each card's currency, latest version and the dates its versions take effect.")
            .ProducesPage<RateCardPage>();
        cards.MapPost("/{id}/versions", PublishAsync)
            .WithName("PublishRateCardVersion")
            .WithSummary("Publishes a new version of a rate card, effective from a date; past versions never change.")
            .ProducesAddedVersion<RateCardVersionPublished>()
            .ValidatesBody<PublishRateCardVersionRequest>(VersionRefused);
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
        // Held to PublishRateCardVersionRequestValidator before this runs.
        var (currency, effectiveFrom, terms) = (request.Currency!, request.EffectiveFrom!.Value, request.Terms!);
        return await store.AddVersionAsync<RateCard, RateCardVersionPublished>(
            new RateCardKey(id).ToString(),
            state => PublishRateCardVersionDecision.Decide(
                new PublishRateCardVersion(id, currency, effectiveFrom, terms, clock.GetUtcNow(), user.Id()), state),
            new VersionAnswers(VersionRefused, "The rate card changed meanwhile.",
                $"Another version of rate card '{id}' was published while this one was decided; read the card and publish again.",
                $"/v1/rate-cards/{id}"),
            cancellationToken);
    }

    /// <summary>Pages as every list does (<see cref="Pages"/>): the cursor is the last card id of the previous page.</summary>
    private static async Task<IResult> ListAsync(int? limit, string? cursor, IQuerySession session, CancellationToken cancellationToken)
    {
        var after = cursor is null ? null : Pages.SortKeyOf(cursor);
        var problems = Pages.ProblemsWith(limit, cursor, after is not null);
        if (problems.Count > 0) return problems.Select(p => new FieldProblem(p.Field, p.Problem)).ToValidationProblem(title: "The page cannot be read.");

        var query = session.Query<RateCardSummary>().AsQueryable();
        if (after is not null) query = query.Where(c => c.Id.CompareTo(after) > 0);
        var fetched = await query.OrderBy(c => c.Id).Take(Pages.FetchSize(limit)).ToListAsync(cancellationToken);
        var page = Pages.Of(fetched, limit, c => c.Id);
        return Results.Ok(new RateCardPage(page.Items, page.Next));
    }

    private static async Task<IResult> GetAsync(string id, IQuerySession session, CancellationToken cancellationToken)
    {
        var stream = await session.Events.FetchStreamAsync(id, token: cancellationToken);
        return RateCardStreams.CardOf(stream) is { } card
            ? Results.Ok(new RateCardResponse(card.Id, card.Currency.Code, [.. stream.Select(e => (RateCardVersionPublished)e.Data)]))
            : Results.Problem(statusCode: StatusCodes.Status404NotFound, title: $"No rate card '{id}'.");
    }

    private const string VersionRefused = "The rate card version was refused.";
}
