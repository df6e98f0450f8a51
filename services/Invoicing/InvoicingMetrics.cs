using System.Diagnostics.Metrics;
using Invoicing.Invoices;
using Invoicing.Standing;
using Marten;
using Npgsql;

namespace Invoicing;

/// <summary>
/// The billing dashboard's figures. Labels are states, never tenants: which tenant is behind a
/// figure is the API's answer (usage without account, standing), and a label per tenant would
/// grow a series per customer. The gauges are counted when Prometheus scrapes, by indexed status.
/// </summary>
public sealed class InvoicingMetrics
{
    public const string MeterName = "Invoicing";

    private static readonly IReadOnlyList<InvoiceStatus> InvoiceStatuses = Enum.GetValues<InvoiceStatus>();
    private static readonly IReadOnlyList<StandingStatus> StandingStatuses = Enum.GetValues<StandingStatus>();

    private readonly Counter<long> _usageWithoutAccount;
    private readonly Counter<long> _finalized;
    private readonly Counter<long> _held;

    public InvoicingMetrics(IMeterFactory meters, IDocumentStore store, NpgsqlDataSource database)
    {
        var meter = meters.Create(MeterName);
        _usageWithoutAccount = meter.CreateCounter<long>("invoicing.usage.without_account", "{gpu-second}",
            "GPU-seconds of the usage ledger held by tenants that have no billing account: real usage nobody is billed for yet.");
        _finalized = meter.CreateCounter<long>("invoicing.invoices.finalized", "{invoice}", "Invoices finalized.");
        _held = meter.CreateCounter<long>("invoicing.invoices.held", "{invoice}",
            "Invoices held because the usage ledger, rating and the draft disagreed.");
        var invoices = store.Options.FindOrResolveDocumentType(typeof(InvoiceSummary)).TableName.QualifiedName;
        var standings = store.Options.FindOrResolveDocumentType(typeof(TenantStanding)).TableName.QualifiedName;
        meter.CreateObservableGauge("invoicing.invoices", () => CountInvoices(database, invoices), "{invoice}",
            "Invoices by status (draft, held, finalized, voided): held ones wait for reconciliation to agree.");
        meter.CreateObservableGauge("invoicing.tenants", () => CountStandings(database, standings), "{tenant}",
            "Tenants by standing (ok, low, depleted, over-limit).");
    }

    public void UsageWithoutAccount(long gpuSeconds) => _usageWithoutAccount.Add(gpuSeconds);

    public void Finalized() => _finalized.Add(1);

    public void Held() => _held.Add(1);

    /// <summary>
    /// Plain SQL over the documents' tables, grouped by the expression their status index holds:
    /// the callback runs synchronously inside a scrape, and Marten's queries are asynchronous.
    /// </summary>
    private static IEnumerable<Measurement<long>> CountInvoices(NpgsqlDataSource database, string table)
    {
        var counts = Count(database, $"select (data ->> 'Status')::integer, count(*) from {table} group by 1",
            reader => ((InvoiceStatus)reader.GetInt32(0)).ToString());
        return InvoiceStatuses.Select(status => status.ToString()).Select(status => new Measurement<long>(
            counts.GetValueOrDefault(status), new KeyValuePair<string, object?>("status", status.ToLowerInvariant()))).ToList();
    }

    private static IEnumerable<Measurement<long>> CountStandings(NpgsqlDataSource database, string table)
    {
        var counts = Count(database, $"select data ->> 'Status', count(*) from {table} group by 1", reader => reader.GetString(0));
        return StandingStatuses.Select(TenantStanding.StatusText).Select(standing => new Measurement<long>(
            counts.GetValueOrDefault(standing), new KeyValuePair<string, object?>("standing", standing))).ToList();
    }

    private static Dictionary<string, long> Count(NpgsqlDataSource database, string sql, Func<NpgsqlDataReader, string> key)
    {
        using var command = database.CreateCommand(sql);
        using var reader = command.ExecuteReader();
        var counts = new Dictionary<string, long>();
        while (reader.Read()) counts[key(reader)] = reader.GetInt64(1);
        return counts;
    }
}
