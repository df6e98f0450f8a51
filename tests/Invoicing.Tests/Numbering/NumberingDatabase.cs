using Invoicing.Numbering;
using Metering.Testing;
using Npgsql;

namespace Invoicing.Tests.Numbering;

/// <summary>A database of the real PostgreSQL for one test class, with the counter table created as the service creates it.</summary>
public sealed class NumberingDatabase : IAsyncLifetime
{
    public string ConnectionString { get; private set; } = null!;
    public NpgsqlDataSource DataSource { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        ConnectionString = await TestServers.CreateDatabaseAsync("invoicing_numbering_tests");
        DataSource = NpgsqlDataSource.Create(ConnectionString);
        await InvoiceNumbersSchema.EnsureAsync(DataSource);
    }

    public async Task DisposeAsync() => await DataSource.DisposeAsync();
}
