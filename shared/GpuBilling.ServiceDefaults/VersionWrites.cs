using GpuBilling.Decisions;
using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace GpuBilling.ServiceDefaults;

/// <summary>What an endpoint answers when a version is refused, or when another was added meanwhile.</summary>
/// <param name="Location">Where the versioned thing is read, for the 201's Location.</param>
public sealed record VersionAnswers(string Refused, string Conflict, string ConflictDetail, string Location);

/// <summary>
/// How an endpoint adds a version to a versioned stream (a rate card, a supplier's cost card, a
/// node's registration): fetched for writing over its snapshot, decided, appended and saved at the
/// version it was read at. A refusal answers 422 naming each field, a concurrent writer 409 (the
/// caller reads again and decides whether to publish again: versions are not retried blindly).
/// </summary>
public static class VersionWrites
{
    /// <summary>Describes what <see cref="AddVersionAsync"/> answers: 201 with the version, 400, 422 and 409.</summary>
    public static RouteHandlerBuilder ProducesAddedVersion<TEvent>(this RouteHandlerBuilder endpoint) =>
        endpoint
            .Produces<TEvent>(StatusCodes.Status201Created)
            .ProducesMalformedRequest()
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status409Conflict);

    public static async Task<IResult> AddVersionAsync<TState, TEvent>(
        this IDocumentStore store, string streamKey, Func<TState?, TEvent> decide, VersionAnswers answers, CancellationToken cancellationToken)
        where TState : class
        where TEvent : notnull
    {
        await using var session = store.LightweightSession();
        var stream = await session.Events.FetchForWriting<TState>(streamKey, cancellationToken);
        TEvent decided;
        try
        {
            decided = decide(stream.StateOf());
        }
        catch (CommandRefused refused)
        {
            return refused.Problems.ToValidationProblem(title: answers.Refused);
        }

        stream.AppendOne(decided);
        try
        {
            await session.SaveChangesAsync(cancellationToken);
        }
        catch (Exception e) when (StreamConflicts.IsConflict(e))
        {
            return Results.Problem(statusCode: StatusCodes.Status409Conflict, title: answers.Conflict, detail: answers.ConflictDetail);
        }
        return Results.Created(answers.Location, decided);
    }
}
