using System.Security.Claims;
using GpuBilling.Access;
using GpuBilling.Decisions;
using GpuBilling.Money;
using GpuBilling.Periods;
using GpuBilling.ServiceDefaults;
using Invoicing.BillingAccounts;
using Invoicing.Closing;
using Invoicing.Invoices.Crediting;
using Invoicing.Invoices.Documents;
using Invoicing.Invoices.Voiding;
using Invoicing.Numbering;
using Invoicing.Periods;
using Invoicing.Ratings;
using Marten;

namespace Invoicing.Invoices;

public sealed record VoidRequest(string? Reason);

public sealed record CreditNoteRequest(IReadOnlyList<CreditLineRequest>? Lines, string? Reason);

/// <summary>Give back <paramref name="Amount"/> of line <paramref name="LineNumber"/>, in the invoice's currency.</summary>
public sealed record CreditLineRequest(int LineNumber, decimal Amount);

/// <summary>
/// Tenants read their own invoices; operators read every invoice and finalize early, void and
/// credit. An invoice outside the caller's scope answers 404, exactly as one that does not exist,
/// so a tenant cannot learn which other invoices exist.
/// </summary>
public static class InvoiceEndpoints
{
    private static readonly string[] Readers = [Roles.Operator, Roles.Auditor, Roles.Tenant];

    public static RouteGroupBuilder MapInvoices(this IEndpointRouteBuilder app)
    {
        var invoices = app.MapGroup("/v1/invoices").WithTag("Invoices", "A tenant's invoice per billing period: the draft that absorbs usage, finalizing, voiding, downloads and recomputing from events.").AnswersRefusals();
        invoices.MapGet("", ListAsync)
            .RequireRoles(Readers)
            .WithName("ListInvoices")
            .WithSummary("A page of invoices in (tenant, period) order; a tenant key sees only its own.")
            .ProducesPage<InvoicePage>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        invoices.MapGet("/current", CurrentAsync)
            .RequireRoles(Readers)
            .WithName("GetCurrentInvoice")
            .WithSummary("The invoice of the period containing now, in the tenant's zone: its draft shows the running cost so far.")
            .Produces<InvoiceView>()
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status404NotFound);
        invoices.MapGet("/{invoiceId}", GetAsync)
            .RequireRoles(Readers)
            .WithName("GetInvoice")
            .WithSummary("An invoice with its lines, each traced to its rate card version and accrual stream.")
            .Produces<InvoiceView>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        invoices.MapGet("/{invoiceId}/download", DownloadAsync)
            .RequireRoles(Readers)
            .WithName("DownloadInvoice")
            .WithSummary("The invoice as a file: format json (the API's view), csv or html (a printable page).")
            .Produces<InvoiceView>()
            .AlsoAnswersAsText("text/csv", "text/html")
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .Allows("format", InvoiceDocuments.Formats);
        invoices.MapPost("/{invoiceId}/finalize", FinalizeAsync)
            .RequireRoles(Roles.Operator)
            .WithName("FinalizeInvoice")
            .WithSummary("Closes a draft now, before its period's end plus grace, as the period closer would.")
            .Produces<InvoiceView>()
            .ProducesRefusals();
        invoices.MapPost("/{invoiceId}/void", VoidAsync)
            .RequireRoles(Roles.Operator)
            .WithName("VoidInvoice")
            .WithSummary("Voids an invoice: it stays in the history, marked void with the reason.")
            .Produces<InvoiceView>()
            .ProducesMalformedRequest()
            .ProducesRefusals();
        invoices.MapPost("/{invoiceId}/credit-notes", IssueCreditNoteAsync)
            .RequireRoles(Roles.Operator)
            .WithName("IssueCreditNote")
            .WithSummary("Gives back part of an issued invoice's lines, numbered in the issuer's credit note series.")
            .Produces<CreditNoteView>(StatusCodes.Status201Created)
            .ProducesMalformedRequest()
            .ProducesRefusals();
        return invoices;
    }

    /// <summary>
    /// A page of invoices in (tenant, period) order. The cursor is the last invoice of the previous
    /// page, so a page never repeats or skips an invoice when new ones open in between.
    /// </summary>
    private static async Task<IResult> ListAsync(
        string? tenantId, int? limit, string? cursor, ClaimsPrincipal user, IQuerySession session, CancellationToken cancellationToken)
    {
        if (tenantId is not null && !user.MaySee(tenantId)) throw CommandRefused.NotFound($"There are no invoices of tenant '{tenantId}'.");
        var after = cursor is null ? null : InvoiceCursor.Parse(cursor);
        CommandRefused.ThrowIfUnreadable(Pages.ProblemsWith(limit, cursor, after is not null));

        var query = session.Query<InvoiceSummary>().AsQueryable();
        if (tenantId is not null) query = query.Where(s => s.TenantId == tenantId);
        else if (user.TenantFilter() is { } scope) query = query.Where(s => s.TenantId.IsOneOf(scope));
        if (after is not null)
            query = query.Where(s => s.TenantId.CompareTo(after.TenantId) > 0 || (s.TenantId == after.TenantId && s.Period.Start > after.PeriodStart));
        var fetched = await query.OrderBy(s => s.TenantId).ThenBy(s => s.Period.Start).Take(Pages.FetchSize(limit)).ToListAsync(cancellationToken);
        var page = Pages.Of(fetched, limit, InvoiceCursor.SortKeyOf);
        return Results.Ok(new InvoicePage(page.Items, page.Next));
    }

    /// <summary>The invoice as a file: `format` json (the API's view), csv or html (a printable page).</summary>
    private static async Task<IResult> DownloadAsync(
        string invoiceId, string? format, ClaimsPrincipal user, IQuerySession session, HttpContext http, CancellationToken cancellationToken)
    {
        format = (format ?? "json").ToLowerInvariant();
        if (!InvoiceDocuments.Formats.Contains(format))
            throw CommandRefused.Invalid("The invoice cannot be downloaded", [new FieldProblem("format", $"must be one of {string.Join(", ", InvoiceDocuments.Formats)}.")]);

        var visible = await VisibleAsync(session, KeyOf(invoiceId), user, cancellationToken);
        var view = await ViewAsync(session, visible, cancellationToken);
        var file = InvoiceDocuments.FileNameOf(view);
        switch (format)
        {
            case "csv":
                return Results.File(System.Text.Encoding.UTF8.GetBytes(InvoiceDocuments.Csv(view)), Csv.ContentType, $"{file}.csv");
            case "html":
                var (issuer, customer) = visible.Invoice.Issued is { } issued
                    ? (issued.Issuer, issued.Customer)
                    : (await BillingAccountStream.ReadAsync(session, new AccountKey(view.TenantId), cancellationToken))?.Account is { } account
                        ? (account.Issuer, account.Customer)
                        : (null, null);
                return Results.Content(InvoiceDocuments.Html(view, issuer, customer), "text/html; charset=utf-8");
            default:
                http.Response.Headers.ContentDisposition = $"attachment; filename=\"{file}.json\"";
                return Results.Json(view);
        }
    }

    private static async Task<IResult> GetAsync(string invoiceId, ClaimsPrincipal user, IQuerySession session, CancellationToken cancellationToken) =>
        Results.Ok(await ViewAsync(session, await VisibleAsync(session, KeyOf(invoiceId), user, cancellationToken), cancellationToken));

    /// <summary>
    /// The open period's invoice without working out its id (the period's local start date): the
    /// tenant's own for a tenant key, else that of `tenantId`, which a key reaching several tenants names.
    /// </summary>
    private static async Task<IResult> CurrentAsync(
        string? tenantId, ClaimsPrincipal user, IQuerySession session, TimeProvider clock, CancellationToken cancellationToken)
    {
        tenantId = user.TenantAskedFor(tenantId);
        if (tenantId is null)
            throw CommandRefused.Invalid("The current invoice cannot be found", [new FieldProblem("tenantId", "is required when your key reaches more than one tenant.")]);
        if (!user.MaySee(tenantId) || (await BillingAccountStream.ReadAsync(session, new AccountKey(tenantId), cancellationToken))?.Account is not { } account)
            throw CommandRefused.NotFound($"There is no tenant '{tenantId}'.");
        var key = InvoiceKey.Of(tenantId, BillingPeriod.Containing(clock.GetUtcNow(), account));
        return Results.Ok(await ViewAsync(session, await VisibleAsync(session, key, user, cancellationToken), cancellationToken));
    }

    /// <summary>Closes the invoice now, before its period's end plus grace: the same close the period closer does, by an operator.</summary>
    private static async Task<IResult> FinalizeAsync(
        string invoiceId, ClaimsPrincipal user, InvoiceClosing closing, IDocumentStore store, TimeProvider clock, CancellationToken cancellationToken)
    {
        var key = KeyOf(invoiceId);
        await StreamConflicts.RetryAsync(() => closing.CloseAsync(key, user.AsOperator(), clock.GetUtcNow(), cancellationToken));
        await using var session = store.QuerySession();
        return Results.Ok(await ViewAsync(session, await VisibleAsync(session, key, user, cancellationToken), cancellationToken));
    }

    private static async Task<IResult> VoidAsync(
        string invoiceId, VoidRequest? request, ClaimsPrincipal user, IDocumentStore store, TimeProvider clock, CancellationToken cancellationToken)
    {
        var (key, by) = (KeyOf(invoiceId), user.AsOperator());
        return await StreamConflicts.RetryAsync(async () =>
        {
            await using var session = store.LightweightSession();
            var invoice = await InvoiceStream.FetchForWritingAsync(session, key, cancellationToken);
            invoice.Decide(state => VoidDecision.Decide(new VoidInvoice(invoiceId, request?.Reason ?? "", clock.GetUtcNow(), by), state));
            invoice.Save(session);
            await session.SaveChangesAsync(cancellationToken);
            return Results.Ok(await ViewAsync(session, new Visible(invoice.State!, invoice.Version), cancellationToken));
        });
    }

    /// <summary>
    /// The note's number is taken from the issuer's credit note series in the transaction that
    /// appends the note, so a refused note (a line over its creditable amount, say) gives it back.
    /// </summary>
    private static async Task<IResult> IssueCreditNoteAsync(
        string invoiceId, CreditNoteRequest? request, ClaimsPrincipal user, WriteTransactions writes, TimeProvider clock,
        CancellationToken cancellationToken)
    {
        var (key, by) = (KeyOf(invoiceId), user.AsOperator());
        return await StreamConflicts.RetryAsync(async () =>
        {
            await using var write = await writes.BeginAsync(cancellationToken);
            var session = write.Session;
            var invoice = await InvoiceStream.FetchForWritingAsync(session, key, cancellationToken);
            var read = invoice.State ?? throw CommandRefused.NotFound($"There is no invoice {invoiceId}.");
            // An invoice not yet issued has no series to number from; the decision says why it cannot be credited.
            var number = read.Issued is { } issued ? await CreditNoteNumbers.TakeNextAsync(write.Transaction, issued.IssuerId, cancellationToken) : "";
            var lines = (request?.Lines ?? []).Select(l => new CreditRequest(l.LineNumber, new Money(l.Amount, read.Currency))).ToList();
            var note = (CreditNoteIssued)invoice.Decide(state => CreditNoteDecision.Decide(
                new IssueCreditNote(invoiceId, number, lines, request?.Reason ?? "", clock.GetUtcNow(), by), state)).Single();
            invoice.Save(session);
            await write.CommitAsync(cancellationToken);
            return Results.Created($"/v1/invoices/{invoiceId}", CreditNoteView.Of(note));
        });
    }

    /// <summary>An invoice the caller may see, with the stream version it was read at.</summary>
    public sealed record Visible(Invoice Invoice, long Version);

    private static async Task<Visible> VisibleAsync(IQuerySession session, InvoiceKey key, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var (state, version) = await InvoiceStream.ReadAsync(session, key, cancellationToken);
        if (state is not { } invoice || !user.MaySee(invoice.TenantId)) throw CommandRefused.NotFound($"There is no invoice {key}.");
        return new Visible(invoice, version);
    }

    /// <summary>An id that is not an invoice stream's key (a tenant's, say) names no invoice.</summary>
    private static InvoiceKey KeyOf(string invoiceId) =>
        InvoiceKey.TryParse(invoiceId, out var key) ? key : throw CommandRefused.NotFound($"There is no invoice {invoiceId}.");

    private static async Task<InvoiceView> ViewAsync(IQuerySession session, Visible visible, CancellationToken cancellationToken)
    {
        var invoice = visible.Invoice;
        if (invoice.Issued is not null) return InvoiceView.Of(invoice, visible.Version, null, null);
        var latest = await session.LoadAsync<PeriodCharges>(PeriodCharges.KeyFor(invoice.TenantId, invoice.Period.Start), cancellationToken);
        var account = (await BillingAccountStream.ReadAsync(session, new AccountKey(invoice.TenantId), cancellationToken))?.Account;
        return InvoiceView.Of(invoice, visible.Version, latest, account?.TaxRate);
    }
}
