using GpuBilling.Decisions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace GpuBilling.ServiceDefaults;

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
        // A 422 is described as a validation problem, so it always has `errors`, empty when no field is to blame.
        return refused.Problems.Count == 0 && status != StatusCodes.Status422UnprocessableEntity
            ? Results.Problem(refused.Message, statusCode: status)
            : refused.Problems.ToValidationProblem(detail: refused.Message, status: status);
    }

    /// <summary>Each field with every problem it has, so a form can show them all beside their fields.</summary>
    public static IResult ToValidationProblem(this IEnumerable<FieldProblem> problems,
        string? title = null, string? detail = null, int status = StatusCodes.Status422UnprocessableEntity) =>
        Results.ValidationProblem(
            problems.GroupBy(p => p.Field, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.Select(p => p.Problem).ToArray(), StringComparer.Ordinal),
            detail, statusCode: status, title: title);

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
