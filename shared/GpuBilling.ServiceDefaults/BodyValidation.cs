using FluentValidation;
using GpuBilling.Decisions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace GpuBilling.ServiceDefaults;

/// <summary>
/// An endpoint's body checked as sent by the <see cref="IValidator{T}"/> registered for its type, before
/// the endpoint runs: a 422 validation problem naming each field at fault. Why here rather than inside
/// the decision: a validator registered for the body's type is the one the API document reads as
/// checking the body as sent (<see cref="ValidatorSchemas"/>), so what it insists on is `required` there;
/// a decision's own validator sees a command the endpoint built, perhaps with fields filled in.
/// </summary>
public static class BodyValidation
{
    public static RouteHandlerBuilder ValidatesBody<TBody>(this RouteHandlerBuilder endpoint, string title) where TBody : class =>
        endpoint
            .AddEndpointFilter(async (context, next) =>
            {
                if (context.Arguments.OfType<TBody>().FirstOrDefault() is { } body)
                {
                    var validator = context.HttpContext.RequestServices.GetRequiredService<IValidator<TBody>>();
                    var result = await validator.ValidateAsync(body, context.HttpContext.RequestAborted);
                    if (!result.IsValid) return CommandRefused.ProblemsOf(result).ToValidationProblem(title: title);
                }
                return await next(context);
            })
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity);
}
