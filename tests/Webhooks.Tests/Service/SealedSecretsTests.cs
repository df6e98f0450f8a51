using System.Security.Cryptography;
using GpuBilling.Testing;
using Marten;
using MassTransit;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Npgsql;
using Webhooks.Deliveries;
using Webhooks.Signing;
using Webhooks.Subscriptions;

namespace Webhooks.Tests.Service;

/// <summary>
/// Subscriptions stored as an earlier release left them (both secrets of a rotation in clear), and
/// one sealed under a key being rotated away from, before the service starts with a new key in a
/// file and the old one as a previous key: at start every secret is sealed under the new key, no
/// row of the webhooks schema holds a `whsec_` secret any more, and deliveries still verify with
/// the very secrets the partners were given.
/// </summary>
public sealed class SealedSecretsTests : IAsyncLifetime
{
    private const string Name = "webhooks_sealed_secrets";
    private readonly string _keys = Directory.CreateTempSubdirectory("webhook-keys-").FullName;
    private readonly byte[] _oldKey = RandomNumberGenerator.GetBytes(32);
    private readonly byte[] _newKey = RandomNumberGenerator.GetBytes(32);
    private string _database = null!;
    private WebApplicationFactory<Program>? _service;
    private IBusControl? _invoicing;

    [Fact]
    public async Task Secrets_in_clear_or_under_a_previous_key_are_sealed_at_start_and_deliveries_still_verify_with_them()
    {
        await using var clearReceiver = await Receiver.StartAsync();
        await using var oldKeyReceiver = await Receiver.StartAsync();
        var now = DateTimeOffset.UtcNow;
        string current = StandardWebhookSignature.NewSecret(), previous = StandardWebhookSignature.NewSecret(), underOldKey = StandardWebhookSignature.NewSecret();
        await using (var earlier = DocumentStore.For(options =>
        {
            options.Connection(_database);
            WebhooksStorage.Configure(options);
        }))
        await using (var session = earlier.LightweightSession())
        {
            session.Store(new WebhookSubscription("whsub_clear", "tenant-clear", clearReceiver.Url.ToString(), ["invoice.finalized"], current, previous, now.AddHours(1), now));
            session.Store(new WebhookSubscription("whsub_old_key", "tenant-old-key", oldKeyReceiver.Url.ToString(), ["invoice.finalized"],
                new SecretBox(_oldKey, []).Seal(underOldKey, "whsub_old_key"), null, null, now));
            await session.SaveChangesAsync();
        }

        await StartAsync();

        var rows = await SchemaRowsAsync();
        Assert.DoesNotContain(rows, row => row.Contains(StandardWebhookSignature.SecretPrefix, StringComparison.Ordinal));
        var newKeyId = new SecretBox(_newKey, []).CurrentKeyId;
        Assert.Equal(3, rows.Sum(row => row.Split($"sealed:v1:{newKeyId}:").Length - 1));

        clearReceiver.Secrets.Add(current);
        clearReceiver.Secrets.Add(previous);
        oldKeyReceiver.Secrets.Add(underOldKey);
        await _invoicing!.Publish(WebhooksService.Notice("tenant-clear"));
        await _invoicing.Publish(WebhooksService.Notice("tenant-old-key"));
        await Eventually.AssertAsync(() =>
        {
            Assert.Single(clearReceiver.Requests);
            Assert.Single(oldKeyReceiver.Requests);
            return Task.CompletedTask;
        });
        Assert.Equal(new[] { current, previous }.Order(), Assert.Single(clearReceiver.Requests).VerifiedWith.Order());
        Assert.Equal(2, Assert.Single(clearReceiver.Requests).Signature.Split(' ').Length);
        Assert.Equal([underOldKey], Assert.Single(oldKeyReceiver.Requests).VerifiedWith);
    }

    /// <summary>Every row of every table of the webhooks schema, as text: what a copy of the database would give away.</summary>
    private async Task<List<string>> SchemaRowsAsync()
    {
        await using var connection = new NpgsqlConnection(_database);
        await connection.OpenAsync();
        var tables = new List<string>();
        await using (var list = new NpgsqlCommand("select table_name from information_schema.tables where table_schema = @schema", connection))
        {
            list.Parameters.AddWithValue("schema", WebhooksStorage.Schema);
            await using var reader = await list.ExecuteReaderAsync();
            while (await reader.ReadAsync()) tables.Add(reader.GetString(0));
        }
        Assert.Contains("mt_doc_webhooksubscription", tables);
        var rows = new List<string>();
        foreach (var table in tables)
        {
            await using var read = new NpgsqlCommand($"select t::text from \"{WebhooksStorage.Schema}\".\"{table}\" t", connection);
            await using var reader = await read.ExecuteReaderAsync();
            while (await reader.ReadAsync()) rows.Add(reader.GetString(0));
        }
        return rows;
    }

    private async Task StartAsync()
    {
        var oldKeyFile = Path.Combine(_keys, "old.key");
        var newKeyFile = Path.Combine(_keys, "new.key");
        await File.WriteAllTextAsync(oldKeyFile, Convert.ToBase64String(_oldKey) + "\n");
        await File.WriteAllTextAsync(newKeyFile, Convert.ToBase64String(_newKey) + "\n");
        var settings = TestServers.ServiceSettings(_database, Name);
        settings.Remove("Webhooks:SecretKey");
        settings["Webhooks:SecretKeyFile"] = newKeyFile;
        settings["Webhooks:PreviousSecretKeyFiles:0"] = oldKeyFile;
        settings["Webhooks:AllowPrivateNetworks"] = "true";
        settings["Webhooks:PollInterval"] = "00:00:00.050";
        _service = new WebApplicationFactory<Program>().WithWebHostBuilder(host =>
        {
            foreach (var (key, value) in settings) host.UseSetting(key, value);
        });
        _ = _service.Server;
        await Queues.ConsumerReadyAsync(Name, PartnerEventConsumerDefinition.QueueName);
    }

    public async Task InitializeAsync()
    {
        _database = await TestServers.CreateDatabaseAsync(Name);
        await TestServers.CreateVirtualHostAsync(Name);
        _invoicing = Bus.Factory.CreateUsingRabbitMq(rabbit => rabbit.Host(TestServers.RabbitHost, (ushort)TestServers.RabbitPort, Name, h =>
        {
            h.Username("guest");
            h.Password("guest");
        }));
        await _invoicing.StartAsync();
    }

    public async Task DisposeAsync()
    {
        if (_invoicing is not null) await _invoicing.StopAsync();
        if (_service is not null) await _service.DisposeAsync();
        Directory.Delete(_keys, recursive: true);
    }
}
