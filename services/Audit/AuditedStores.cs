using GpuBilling.ServiceDefaults;
using Invoicing;
using JasperFx;
using Marten;
using Metering;
using Npgsql;
using Pricing;

namespace Audit;

/// <summary>
/// The event stores of metering, pricing and invoicing, opened read-only with each service's own
/// schema and event types (from its domain library), so events are read with exactly the types
/// and stream identity they were written with. Read-only twice over: the stores never create or migrate schema, and every
/// transaction on their connections is read-only in PostgreSQL itself, so even a mistake here
/// cannot write to another service's schema.
/// </summary>
public sealed class AuditedStores : IAsyncDisposable
{
    private readonly NpgsqlDataSource _database;

    public AuditedStores(string connectionString)
    {
        var readOnly = new NpgsqlConnectionStringBuilder(connectionString);
        readOnly.Options = $"{readOnly.Options} -c default_transaction_read_only=on".Trim();
        _database = NpgsqlDataSource.Create(readOnly.ConnectionString);
        Metering = ReadOnlyStore(options => options.UseEventSchema(MeteringEvents.Schema, MeteringEvents.Types));
        Pricing = ReadOnlyStore(options => options.UseEventSchema(PricingEvents.Schema, PricingEvents.Types));
        Invoicing = ReadOnlyStore(options => options.UseEventSchema(InvoicingEvents.Schema, InvoicingEvents.Types));
    }

    public DocumentStore Metering { get; }

    public DocumentStore Pricing { get; }

    public DocumentStore Invoicing { get; }

    /// <summary>For the few reads Marten's event API does not express (the ledger events of a period's hours).</summary>
    public NpgsqlDataSource Database => _database;

    private DocumentStore ReadOnlyStore(Action<StoreOptions> configure) =>
        DocumentStore.For(options =>
        {
            configure(options);
            options.Connection(_database);
            options.AutoCreateSchemaObjects = AutoCreate.None;
        });

    public async ValueTask DisposeAsync()
    {
        Metering.Dispose();
        Pricing.Dispose();
        Invoicing.Dispose();
        await _database.DisposeAsync();
    }
}
