using System.Security.Claims;
using GpuBilling.Access;
using GpuBilling.Decisions;
using GpuBilling.ServiceDefaults;
using Marten;

namespace Invoicing.Invoices.Crediting;

/// <summary>
/// A credit note as read on its own and listed: written beside its <see cref="CreditNoteIssued"/>
/// event, in the same transaction (<see cref="InvoiceStream.Save"/>); the invoice stream stays the truth.
/// </summary>
/// <param name="Id">The credit note's number, unique in its issuer's series.</param>
public sealed record IssuedCreditNote(string Id, string TenantId, string InvoiceId, string InvoiceNumber, CreditNoteView Note)
{
    public static IssuedCreditNote Of(CreditNoteIssued note, string tenantId) =>
        new(note.CreditNoteNumber, tenantId, note.InvoiceId, note.InvoiceNumber, CreditNoteView.Of(note));

    /// <summary>The order credit notes are listed in, as a cursor names it: by tenant, then number.</summary>
    public static string SortKeyOf(IssuedCreditNote note) => $"{note.TenantId}|{note.Id}";
}

/// <summary>Tenants read their own credit notes, auditors those of the tenants granted them, operators every one.</summary>
public static class CreditNoteEndpoints
{
    public static void MapCreditNotes(this IEndpointRouteBuilder app)
    {
        var notes = app.MapGroup("/v1/credit-notes").WithTag("Credit notes", "Corrections to finalized invoices: an invoice never changes, a credit note compensates it.").AnswersRefusals()
            .RequireRoles(Roles.Operator, Roles.Auditor, Roles.Tenant);
        notes.MapGet("", ListAsync)
            .WithName("ListCreditNotes")
            .WithSummary("A page of credit notes in (tenant, number) order, of every tenant the key reaches or of `tenantId`.")
            .ProducesPage<Page<IssuedCreditNote>>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        notes.MapGet("/{creditNoteNumber}", GetAsync)
            .WithName("GetCreditNote")
            .WithSummary("A credit note by its number, with the invoice it credits.")
            .Produces<IssuedCreditNote>()
            .ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static async Task<IResult> ListAsync(
        string? tenantId, int? limit, string? cursor, ClaimsPrincipal user, IQuerySession session, CancellationToken cancellationToken)
    {
        if (tenantId is not null && !user.MaySee(tenantId)) throw CommandRefused.NotFound($"There are no credit notes of tenant '{tenantId}'.");
        var after = cursor is null ? null : AfterOf(cursor);
        CommandRefused.ThrowIfUnreadable(Pages.ProblemsWith(limit, cursor, after is not null));

        var query = session.Query<IssuedCreditNote>().AsQueryable();
        if (tenantId is not null) query = query.Where(n => n.TenantId == tenantId);
        else if (user.TenantFilter() is { } scope) query = query.Where(n => n.TenantId.IsOneOf(scope));
        if (after is var (afterTenant, afterNumber))
            query = query.Where(n => n.TenantId.CompareTo(afterTenant) > 0 || (n.TenantId == afterTenant && n.Id.CompareTo(afterNumber) > 0));
        var fetched = await query.OrderBy(n => n.TenantId).ThenBy(n => n.Id).Take(Pages.FetchSize(limit)).ToListAsync(cancellationToken);
        return Results.Ok(Pages.Of(fetched, limit, IssuedCreditNote.SortKeyOf));
    }

    /// <summary>The tenant and number a cursor names (<see cref="IssuedCreditNote.SortKeyOf"/>), or null for text no page gave out.</summary>
    private static (string Tenant, string Number)? AfterOf(string cursor) =>
        Pages.SortKeyOf(cursor)?.Split('|', 2) is [var tenant, var number] ? (tenant, number) : null;

    private static async Task<IResult> GetAsync(string creditNoteNumber, ClaimsPrincipal user, IQuerySession session, CancellationToken cancellationToken) =>
        await session.LoadAsync<IssuedCreditNote>(creditNoteNumber, cancellationToken) is { } note && user.MaySee(note.TenantId)
            ? Results.Ok(note)
            : throw CommandRefused.NotFound($"There is no credit note {creditNoteNumber}.");
}
