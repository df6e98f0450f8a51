using JasperFx;
using JasperFx.Events;

namespace Invoicing;

/// <summary>How a refused command answers over HTTP: RFC 9457 problem details, the status chosen by <see cref="CommandRefused.Reason"/>.</summary>
public static class Refusals
{
    public static IResult ToProblem(this CommandRefused refused)
    {
        var status = refused.Reason switch
        {
            Refusal.Invalid => StatusCodes.Status422UnprocessableEntity,
            Refusal.NotFound => StatusCodes.Status404NotFound,
            Refusal.Conflict => StatusCodes.Status409Conflict,
            _ => StatusCodes.Status403Forbidden,
        };
        if (refused.Problems.Count == 0) return Results.Problem(refused.Message, statusCode: status);

        // Each field with every problem it has, so a form can show them all beside their fields.
        var errors = refused.Problems
            .GroupBy(p => p.Field, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(p => p.Problem).ToArray(), StringComparer.Ordinal);
        return Results.ValidationProblem(errors, refused.Message, statusCode: status);
    }

    /// <summary>Describes what <see cref="ToProblem"/> answers for a command that can be refused: 404, 409 and 422.</summary>
    public static RouteHandlerBuilder ProducesRefusals(this RouteHandlerBuilder endpoint) =>
        endpoint
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity);

    /// <summary>Answers every <see cref="CommandRefused"/> an endpoint of the group lets escape as problem details.</summary>
    public static RouteGroupBuilder AnswersRefusals(this RouteGroupBuilder group) =>
        group.AddEndpointFilter(async (context, next) =>
        {
            try
            {
                return await next(context);
            }
            catch (CommandRefused refused)
            {
                return refused.ToProblem();
            }
        });
}

/// <summary>
/// Two writers of one stream at once: the later save fails on the version it read. Deciding again
/// against what the first one wrote resolves it (the decision may now add nothing, or refuse).
/// </summary>
public static class StreamConflicts
{
    private const int Attempts = 5;

    public static bool IsConflict(Exception exception) =>
        exception is ConcurrencyException or EventStreamUnexpectedMaxEventIdException or ExistingStreamIdCollisionException;

    public static async Task<T> RetryAsync<T>(Func<Task<T>> write)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await write();
            }
            catch (Exception e) when (IsConflict(e) && attempt < Attempts)
            {
            }
        }
    }
}
