using GpuBilling.Testing;
using Marten;
using Npgsql;

namespace Invoicing.Tests.Numbering;

/// <summary>A database of the real PostgreSQL for one test class, with invoicing's schema created as the service creates it.</summary>
public sealed class NumberingDatabase : IAsyncLifetime
{
    public string ConnectionString { get; private set; } = null!;
    public NpgsqlDataSource DataSource { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        ConnectionString = await TestServers.CreateDatabaseAsync("invoicing_numbering_tests");
        DataSource = NpgsqlDataSource.Create(ConnectionString);
        await ApplySchemaAsync(ConnectionString);
    }

    /// <summary>What the service does at start: Marten brings the schema, counter table included, up to date.</summary>
    public static async Task ApplySchemaAsync(string connectionString)
    {
        using var store = DocumentStore.For(options =>
        {
            options.Connection(connectionString);
            InvoicingStorage.Configure(options);
        });
        await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
    }

    public async Task DisposeAsync() => await DataSource.DisposeAsync();
}
