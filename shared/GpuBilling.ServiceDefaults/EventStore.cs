using JasperFx.Events;
using Marten;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;

namespace GpuBilling.ServiceDefaults;

public static class EventStore
{
    /// <summary>
    /// The service's own Marten store on the `Postgres` connection string, in the schema that
    /// <paramref name="configure"/> describes, created or brought up to date at start. The data
    /// source is registered too: the code beside Marten (locks, plain tables, leadership) opens its
    /// connections from the same pool, and so do <see cref="WriteTransactions"/>.
    /// </summary>
    public static MartenServiceCollectionExtensions.MartenConfigurationExpression AddEventStore(
        this IHostApplicationBuilder builder, Action<StoreOptions> configure)
    {
        var postgres = builder.Configuration.GetConnectionString("Postgres")
            ?? throw new InvalidOperationException("ConnectionStrings:Postgres is not set.");
        builder.Services.AddSingleton(NpgsqlDataSource.Create(postgres));
        builder.Services.AddSingleton<WriteTransactions>();
        return builder.Services.AddMarten(configure)
            .UseNpgsqlDataSource()
            .UseLightweightSessions()
            .ApplyAllDatabaseChangesOnStartup();
    }

    /// <summary>
    /// One service's schema and the event types its streams hold, keyed by text: what its own store
    /// and the auditor's read-only store both register, so events are read exactly as they were written.
    /// </summary>
    public static void UseEventSchema(this StoreOptions options, string schema, IEnumerable<Type> eventTypes)
    {
        options.DatabaseSchemaName = schema;
        options.Events.StreamIdentity = StreamIdentity.AsString;
        options.Events.AddEventTypes(eventTypes);
    }
}
