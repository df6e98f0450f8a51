using System.Globalization;
using Npgsql;
using Weasel.Postgresql.Tables;

namespace Invoicing.Numbering;

/// <summary>
/// Gapless invoice numbers, one series per issuer (<see cref="BillingAccounts.BillingAccount.IssuerId"/>).
/// A PostgreSQL sequence would be simpler but never gives a number back, and tax law wants no
/// holes in an issuer's series. So the series is a counter row that the finalizing transaction
/// itself advances: if that transaction rolls back, so does the number, and the row lock it holds
/// until then makes the next finalizer of the same issuer wait for the outcome rather than
/// skip ahead. Finalizers of different issuers lock different rows and never wait for each other.
/// </summary>
public static class InvoiceNumbers
{
    /// <summary>One row per numbering series: the last number taken and committed.</summary>
    public const string TableName = "invoice_numbers";

    /// <summary>
    /// The counter table, created by Marten with the rest of the schema (see <see cref="InvoicingStorage"/>).
    /// A series is an issuer's invoices or its credit notes (<see cref="CreditNoteNumbers"/>).
    /// </summary>
    public static Table Table()
    {
        var table = new Table($"{InvoicingStorage.Schema}.{TableName}");
        table.AddColumn<string>("series").AsPrimaryKey();
        table.AddColumn<long>("last_number").NotNull();
        return table;
    }

    /// <summary>
    /// Takes the issuer's next invoice number inside <paramref name="transaction"/>, formatted as
    /// <see cref="Format"/> does, because that is what <see cref="Invoices.FinalizeInvoice"/> and
    /// <see cref="Invoices.InvoiceFinalized"/> carry. The issuer's row stays locked until the
    /// transaction ends, so take the number as the last step before appending the finalization
    /// and committing; should the decision hold the invoice instead, roll back to a savepoint taken
    /// before the number so the hold commits without it. Under READ COMMITTED (the default) a waiting finalizer then gets the
    /// committed number plus one, or the same number if the holder rolled back; under
    /// REPEATABLE READ or SERIALIZABLE it fails with a serialization error instead and must retry.
    /// </summary>
    public static async Task<string> TakeNextAsync(NpgsqlTransaction transaction, string issuerId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(issuerId);
        return Format(issuerId, await NextInSeriesAsync(transaction, issuerId, cancellationToken));
    }

    /// <summary>Advances one series' counter inside <paramref name="transaction"/>; the row stays locked until it ends.</summary>
    internal static async Task<long> NextInSeriesAsync(NpgsqlTransaction transaction, string series, CancellationToken cancellationToken)
    {
        var connection = transaction.Connection
            ?? throw new InvalidOperationException("The transaction has already ended; a number must be taken inside the transaction that issues the document.");

        await using var command = new NpgsqlCommand(
            $"""
            insert into {InvoicingStorage.Schema}.{TableName} (series, last_number) values ($1, 1)
            on conflict (series) do update set last_number = {TableName}.last_number + 1
            returning last_number
            """,
            connection, transaction);
        command.Parameters.AddWithValue(series);
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary>
    /// "INV-gpucloud-us-000042": the issuer is part of the number so that numbers of different
    /// series never collide where they meet (credit notes, payments, an auditor's export).
    /// Six digits keep a series sorting as text up to 999,999; past that it simply grows.
    /// </summary>
    public static string Format(string issuerId, long number) =>
        string.Create(CultureInfo.InvariantCulture, $"INV-{issuerId}-{number:D6}");
}

/// <summary>
/// Credit note numbers: gapless per issuer like invoice numbers, in a series of their own, taken
/// the same way inside the transaction that issues the note.
/// </summary>
public static class CreditNoteNumbers
{
    public static async Task<string> TakeNextAsync(NpgsqlTransaction transaction, string issuerId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(issuerId);
        // ':' never occurs in an issuer id, so this series cannot be an issuer's invoice series.
        return Format(issuerId, await InvoiceNumbers.NextInSeriesAsync(transaction, $"credit-notes:{issuerId}", cancellationToken));
    }

    public static string Format(string issuerId, long number) =>
        string.Create(CultureInfo.InvariantCulture, $"CN-{issuerId}-{number:D6}");
}
