using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace GpuBilling.ServiceDefaults;

/// <summary>
/// A request that fails before its endpoint runs (a query parameter that is not a number, a body
/// that is not JSON, a body over the size limit) answers with the status the framework chose for
/// it (400, 413, ...) as problem details naming what failed, never as a 500: the caller's mistake
/// is not the service's fault, and an alert on 500s must not fire on it. A JSON field of the wrong
/// type is named under `errors` by its path, as validation problems name fields.
/// </summary>
public sealed class MalformedRequests(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not BadHttpRequestException malformed) return false;
        context.Response.StatusCode = malformed.StatusCode;
        // Always a validation problem, `errors` empty where no JSON field is to blame, so the answer has one shape to describe.
        var problem = malformed.InnerException is JsonException { Path: { Length: > 2 } path } json
            ? new HttpValidationProblemDetails(new Dictionary<string, string[]> { [path[2..]] = [json.Message] })
            : new HttpValidationProblemDetails();
        problem.Status = malformed.StatusCode;
        problem.Title = "The request is malformed.";
        problem.Detail = malformed.Message;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = context, Exception = exception, ProblemDetails = problem });
    }
}
