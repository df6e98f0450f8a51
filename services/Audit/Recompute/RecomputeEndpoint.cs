using System.Security.Claims;
using GpuBilling.Access;
using GpuBilling.ServiceDefaults;
using Invoicing.Invoices;

namespace Audit.Recompute;

public static class RecomputeEndpoint
{
    public static void MapFullRecompute(this IEndpointRouteBuilder app) =>
        app.MapGet("/v1/audit/invoices/{invoiceId}/recompute", RecomputeAsync)
            .RequireRoles(Roles.Auditor, Roles.Operator)
            .WithName("RecomputeInvoiceFromLedger")
            .WithTags("Audit")
            .WithSummary("Recomputes an invoice from the usage ledger through accrual and rating, hop by hop; 200 whether or not it matches.")
            .Produces<FullRecomputeReport>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);

    /// <summary>200 with the report whether or not it matches (a difference is a finding, not a failure of the request).</summary>
    private static async Task<IResult> RecomputeAsync(string invoiceId, ClaimsPrincipal user, EvidenceReader evidence, CancellationToken cancellationToken)
    {
        if (ProblemWith(invoiceId) is { } problem)
            return Results.ValidationProblem(new Dictionary<string, string[]> { ["invoiceId"] = [problem] });
        return user.MaySee(InvoiceKey.Parse(invoiceId).TenantId) && await evidence.ReadAsync(invoiceId, cancellationToken) is { } read
            ? Results.Ok(FullRecompute.Of(read))
            : Results.Problem(statusCode: StatusCodes.Status404NotFound, title: $"There is no invoice {invoiceId}.");
    }

    /// <summary>An invoice id is invoicing's stream key, "{tenant}@{yyyy-MM-dd}" (the local date its period starts).</summary>
    public static string? ProblemWith(string invoiceId)
    {
        return invoiceId.Length <= 200 && InvoiceKey.TryParse(invoiceId, out _)
            ? null
            : $"'{(invoiceId.Length > 200 ? invoiceId[..200] + "..." : invoiceId)}' is not an invoice id: a tenant id, '@' and the local date its period starts (acme@2026-01-01).";
    }
}
