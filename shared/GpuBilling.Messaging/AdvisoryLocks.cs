using Npgsql;

namespace GpuBilling.Messaging;

/// <summary>
/// Every PostgreSQL advisory lock the services take, by name. Advisory locks are one namespace
/// for the whole database, and services may share one, so a key chosen in one place can collide
/// with a key chosen in another: they are chosen here, side by side (a test holds them distinct,
/// and apart from Marten's own schema lock). Keys never change once released: during a rolling
/// upgrade, instances of the old and the new version must still exclude each other.
/// </summary>
public static class AdvisoryLocks
{
    // One leader per kind of work; the numbers spell the work's name in ASCII.
    public static readonly LeaderLock MeteringDaemon = new("metering: async daemon", 0x4D65746572696E67); // "Metering"
    public static readonly LeaderLock PricingDaemon = new("pricing: async daemon", 0x50726963696E67); // "Pricing"
    public static readonly LeaderLock PeriodOpener = new("pricing: period opener", 0x5072694F70656E); // "PriOpen"
    public static readonly LeaderLock InvoicingDaemon = new("invoicing: async daemon", 0x496E766F69636573); // "Invoices"
    public static readonly LeaderLock PeriodCloser = new("invoicing: period closer", 0x496E76436C6F7365); // "InvClose"
    public static readonly LeaderLock CreditExpiry = new("invoicing: credit expiry", 0x496E764372456870); // "InvCrExp"
    public static readonly LeaderLock WebhookSender = new("webhooks: delivery sender", 0x576562686F6F6B73); // "Webhooks"

    // Each store applies its schema changes at start under a lock of its own. Services keep separate
    // schemas, so they need not wait for each other, only a service's own replicas do; Marten's
    // default (one lock, 4004, for every store) made five services starting at once on a busy
    // machine time out waiting for each other.
    public static readonly SchemaLock MeteringSchema = new("metering: schema changes", 0x4D657453); // "MetS"
    public static readonly SchemaLock PricingSchema = new("pricing: schema changes", 0x50726953); // "PriS"
    public static readonly SchemaLock InvoicingSchema = new("invoicing: schema changes", 0x496E7653); // "InvS"
    public static readonly SchemaLock WebhooksSchema = new("webhooks: schema changes", 0x57656253); // "WebS"
    public static readonly SchemaLock GatewaySchema = new("gateway: schema changes", 0x47617453); // "GatS"
    public static readonly SchemaLock AuditSchema = new("audit: schema changes", 0x41756453); // "AudS"
    public static readonly SchemaLock FleetSchema = new("fleet: schema changes", 0x466C7453); // "FltS"

    /// <summary>
    /// Intake and sealer both take a node-hour exclusive: intake reads the node-hour's claimed seconds
    /// and writes them back grown, and a second is never judged "not yet sealed" by an intake while a
    /// sealer moves its node-hour into the ledger. Keyed by the bare stream key, as it was before this registry.
    /// </summary>
    public static readonly TransactionLock NodeHour = TransactionLock.Hashed("metering: node-hour", prefix: "");

    /// <summary>
    /// Accrual takes a tenant shared (batches run side by side), setting its terms exclusive:
    /// otherwise usage could find no terms and be parked while the terms commit and look for
    /// parked usage, and each would miss the other for good.
    /// </summary>
    public static readonly TransactionLock Tenant = TransactionLock.Hashed("pricing: tenant", prefix: "pricing-tenant:");

    /// <summary>
    /// One rating of a tenant's period stored at a time: two at once would both find the older
    /// document, and the later save could be the older rating.
    /// </summary>
    public static readonly TransactionLock TenantPeriod = TransactionLock.InSpace("invoicing: tenant period", space: 0x50657269); // "Peri"

    /// <summary>
    /// One review of a tenant's standing at a time, from before it reads the figures until its
    /// commit: a review that changes no status appends nothing the stream's version could refuse,
    /// so without the lock it could store figures read before another review's commit over them.
    /// </summary>
    public static readonly TransactionLock Standing = TransactionLock.Hashed("invoicing: tenant standing", prefix: "invoicing-standing:");

    /// <summary>
    /// A subscription changed by the API (rotation, deletion) and by the sender (disabling) one at
    /// a time: otherwise a disable could write back the secret a rotation had just replaced.
    /// </summary>
    public static readonly TransactionLock Subscription = TransactionLock.Hashed("webhooks: subscription", prefix: "webhooks-subscription:");

    public static IReadOnlyList<LeaderLock> Leaders { get; } =
        [MeteringDaemon, PricingDaemon, PeriodOpener, InvoicingDaemon, PeriodCloser, WebhookSender];

    public static IReadOnlyList<TransactionLock> OnThings { get; } = [NodeHour, Tenant, TenantPeriod, Standing, Subscription];

    public static IReadOnlyList<SchemaLock> Schemas { get; } =
        [MeteringSchema, PricingSchema, InvoicingSchema, WebhooksSchema, GatewaySchema, AuditSchema, FleetSchema];
}

/// <summary>The lock a store applies its schema changes under (Marten's `ApplyChangesLockId`, a 32-bit key).</summary>
public sealed record SchemaLock(string Name, int Key)
{
    /// <summary>
    /// Held until the transaction ends, by the service's own start-up upgrades of its data: instances
    /// starting together then upgrade one at a time, and each after Marten's changes to the schema.
    /// </summary>
    public async Task TakeAsync(NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("select pg_advisory_xact_lock($1)", transaction.Connection, transaction);
        command.Parameters.AddWithValue((long)Key);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}

/// <summary>A session-level advisory lock held by the one instance that leads a kind of work (<see cref="LeaderOnlyService"/>).</summary>
public sealed record LeaderLock(string Name, long Key)
{
    public override string ToString() => $"{Name} ({Key:X})";
}

/// <summary>
/// A kind of transaction-scoped advisory lock on one thing (a tenant, a node-hour), released when
/// the transaction ends. The key is computed in SQL from the thing's id, within the kind's own
/// part of the key space: a prefix hashed with the id, or the first of the two 32-bit keys.
/// </summary>
public sealed class TransactionLock
{
    private readonly string _keyOf;

    private TransactionLock(string name, string space, string keyOf)
    {
        Name = name;
        Space = space;
        _keyOf = keyOf;
    }

    public string Name { get; }

    /// <summary>The part of the key space the kind uses: two kinds never share one.</summary>
    public string Space { get; }

    public static TransactionLock Hashed(string name, string prefix) =>
        new(name, $"hashtextextended('{prefix}' || id)", $"hashtextextended('{prefix}' || id, 0)");

    public static TransactionLock InSpace(string name, int space) =>
        new(name, $"({space:X}, hashtext(id))", $"{space}, hashtext(id)");

    /// <summary>Shared with other holders of the same things; waits while anyone holds one exclusively.</summary>
    public Task TakeSharedAsync(NpgsqlTransaction transaction, IEnumerable<string> ids, CancellationToken cancellationToken) =>
        TakeAsync(transaction, ids, "pg_advisory_xact_lock_shared", cancellationToken);

    public Task TakeExclusiveAsync(NpgsqlTransaction transaction, IEnumerable<string> ids, CancellationToken cancellationToken) =>
        TakeAsync(transaction, ids, "pg_advisory_xact_lock", cancellationToken);

    public override string ToString() => $"{Name} {Space}";

    private async Task TakeAsync(NpgsqlTransaction transaction, IEnumerable<string> ids, string function, CancellationToken cancellationToken)
    {
        // In order, so two transactions locking some of the same things never wait for each other's.
        await using var command = new NpgsqlCommand(
            $"select {function}({_keyOf}) from unnest($1::text[]) with ordinality as t(id, n) order by n",
            transaction.Connection, transaction);
        command.Parameters.AddWithValue(ids.Distinct().Order(StringComparer.Ordinal).ToArray());
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
