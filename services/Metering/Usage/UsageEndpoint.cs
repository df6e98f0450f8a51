using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using FluentValidation;
using GpuBilling.Access;
using GpuBilling.ServiceDefaults;
using Npgsql;

namespace Metering.Usage;

public sealed record UsageReport(
    string TenantId,
    DateTimeOffset From,
    DateTimeOffset To,
    string Granularity,
    string TimeZone,
    IReadOnlyList<string> GroupBy,
    IReadOnlyList<UsageBucket> Buckets,
    long TotalGpuSeconds,
    decimal TotalGpuHours);

/// <summary>One period's GPU-seconds; the grouping fields are null unless grouped by.</summary>
public sealed record UsageBucket(
    DateTimeOffset Start,
    DateTimeOffset End,
    string? GpuModel,
    string? MigProfile,
    string? NodeId,
    long GpuSeconds,
    decimal GpuHours);

public static class UsageEndpoint
{
    public static void MapUsage(this IEndpointRouteBuilder app) =>
        app.MapGet("/v1/usage", GetUsageAsync)
            .RequireRoles(Roles.Tenant, Roles.Auditor, Roles.Operator)
            .WithName("GetUsage")
            .WithTag("Usage", "Metered GPU-seconds of a tenant, by local period, GPU model or node.")
            .WithSummary("A tenant's GPU usage in a window, by local period and optionally by GPU model or node; format=csv as a file. " +
                         "A tenant key reads its own; `tenantId` names the tenant where the key reaches several.")
            .Produces<UsageReport>()
            .AlsoAnswersAsText(Csv.ContentType)
            .Allows("format", Csv.ReportFormats)
            .WithParameterRule(UsageQuery.InstantRule("from"))
            .WithParameterRule(UsageQuery.InstantRule("to"))
            .WithWindow("from", "to", UsageQuery.MaxDays)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);

    /// <summary>The report as JSON, or with <c>format=csv</c> as a file of its buckets (one row each, times in the tenant's zone).</summary>
    private static async Task<IResult> GetUsageAsync(
        string? tenantId, string? from, string? to, string? granularity, string? tz, string? groupBy, string? format,
        HttpContext http, IValidator<UsageQuery> validator, NpgsqlDataSource database, TimeProvider clock,
        CancellationToken cancellationToken)
    {
        var query = new UsageQuery(from, to, granularity, tz, groupBy);
        var validation = await validator.ValidateAsync(query, cancellationToken);
        var errors = validation.ToDictionary();
        if (format is not null && !Csv.ReportFormats.Contains(format)) errors["format"] = [$"'format' must be {string.Join(" or ", Csv.ReportFormats)}."];
        var tenant = http.User.TenantAskedFor(tenantId);
        if (tenant is null) errors["tenantId"] = ["'tenantId' is required when the key reaches more than one tenant."];
        if (errors.Count > 0 || tenant is null) return Results.ValidationProblem(errors);
        if (!http.User.MaySee(tenant)) return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: $"There is no tenant '{tenant}'.");

        var (windowFrom, windowTo) = query.Window(clock.GetUtcNow());
        var rows = await UsageBucketReader.ReadAsync(database, tenant, windowFrom, windowTo, query.ParsedGroupBy, cancellationToken);
        var buckets = Fold(rows, query.ParsedGranularity, query.Zone);
        var total = buckets.Sum(b => b.GpuSeconds);
        if (format == "csv")
            return Results.File(Encoding.UTF8.GetBytes(CsvOf(buckets, query.Zone)), Csv.ContentType, $"usage-{tenant}.csv");
        return Results.Ok(new UsageReport(
            tenant,
            TimeZoneInfo.ConvertTime(windowFrom, query.Zone),
            TimeZoneInfo.ConvertTime(windowTo, query.Zone),
            query.Granularity ?? "hour",
            query.Zone.Id,
            [.. query.ParsedGroupBy.Order()],
            buckets,
            total,
            GpuHours(total)));
    }

    /// <summary>One row per bucket; a dimension not grouped by is an empty cell, as it is null in JSON.</summary>
    public static string CsvOf(IEnumerable<UsageBucket> buckets, TimeZoneInfo zone)
    {
        var csv = new StringBuilder().Row(["start", "end", "gpu_model", "mig_profile", "node_id", "gpu_seconds", "gpu_hours"]);
        foreach (var bucket in buckets)
        {
            csv.Row(
            [
                Instant(bucket.Start, zone), Instant(bucket.End, zone), bucket.GpuModel ?? "", bucket.MigProfile ?? "", bucket.NodeId ?? "",
                Csv.Number(bucket.GpuSeconds), Csv.Number(bucket.GpuHours),
            ]);
        }
        return csv.ToString();
    }

    private static string Instant(DateTimeOffset instant, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTime(instant, zone).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);

    /// <summary>Sums 15-minute UTC rows into the tenant's local periods.</summary>
    public static List<UsageBucket> Fold(IEnumerable<UsageBucketRow> rows, Granularity granularity, TimeZoneInfo zone)
    {
        var periods = new LocalPeriods(granularity, zone);
        var sums = new Dictionary<BucketKey, long>();
        foreach (var row in rows)
        {
            var key = new BucketKey(periods.StartOf(row.BucketStart), row.GpuModel, row.MigProfile, row.NodeId);
            CollectionsMarshal.GetValueRefOrAddDefault(sums, key, out _) += row.GpuSeconds;
        }

        var keys = sums.Keys.ToArray();
        Array.Sort(keys, BucketKey.Order);
        var buckets = new List<UsageBucket>(keys.Length);
        foreach (var key in keys)
        {
            var seconds = sums[key];
            buckets.Add(new UsageBucket(key.Start, periods.EndOf(key.Start), key.GpuModel, key.MigProfile, key.NodeId, seconds, GpuHours(seconds)));
        }
        return buckets;
    }

    private readonly record struct BucketKey(DateTimeOffset Start, string? GpuModel, string? MigProfile, string? NodeId)
    {
        /// <summary>By time, then model, profile and node as ordinal text (a missing one first).</summary>
        public static readonly Comparison<BucketKey> Order = (a, b) =>
        {
            var byStart = a.Start.CompareTo(b.Start);
            if (byStart != 0) return byStart;
            var byModel = string.CompareOrdinal(a.GpuModel, b.GpuModel);
            if (byModel != 0) return byModel;
            var byProfile = string.CompareOrdinal(a.MigProfile, b.MigProfile);
            return byProfile != 0 ? byProfile : string.CompareOrdinal(a.NodeId, b.NodeId);
        };
    }

    /// <summary>Hours to six places: exact for every whole second count is not possible in decimal, a micro-hour is 3.6 ms.</summary>
    public static decimal GpuHours(long gpuSeconds) => Math.Round(gpuSeconds / 3600m, 6, MidpointRounding.ToEven);
}

public sealed record UsageBucketRow(DateTimeOffset BucketStart, string? GpuModel, string? MigProfile, string? NodeId, long GpuSeconds);

/// <summary>Where a query's rows come from: with the node, or summed over nodes.</summary>
public enum UsageSource { NodeBuckets, TenantBuckets }

public static class UsageBucketReader
{
    /// <summary>Only a query grouped by node needs the node's rows; every other reads the tenant's, a node's share of the rows.</summary>
    public static UsageSource SourceFor(IReadOnlySet<string> groupBy) =>
        groupBy.Contains("node") ? UsageSource.NodeBuckets : UsageSource.TenantBuckets;

    public static Task<List<UsageBucketRow>> ReadAsync(
        NpgsqlDataSource database, string tenantId, DateTimeOffset from, DateTimeOffset to,
        IReadOnlySet<string> groupBy, CancellationToken cancellationToken) =>
        ReadAsync(database, SourceFor(groupBy), tenantId, from, to, groupBy, cancellationToken);

    /// <summary>Sums in SQL by bucket and the requested dimensions only, so a month is at most a few thousand rows.</summary>
    public static async Task<List<UsageBucketRow>> ReadAsync(
        NpgsqlDataSource database, UsageSource source, string tenantId, DateTimeOffset from, DateTimeOffset to,
        IReadOnlySet<string> groupBy, CancellationToken cancellationToken)
    {
        if (source == UsageSource.TenantBuckets && groupBy.Contains("node"))
            throw new ArgumentException("The tenant's buckets have no node to group by.", nameof(source));
        var table = source == UsageSource.NodeBuckets ? UsageBuckets.TableName : TenantUsageBuckets.TableName;
        var model = groupBy.Contains("gpuModel") ? "gpu_model, mig_profile" : "null::text, null::text";
        var node = groupBy.Contains("node") ? "node_id" : "null::text";
        // Grouped by model, the tenant's rows are the groups already (its key is the tenant, bucket and
        // model): summing them would only hash every row.
        var rowsAreGroups = source == UsageSource.TenantBuckets && groupBy.Contains("gpuModel");
        await using var command = database.CreateCommand(rowsAreGroups
            ? $"""
              select bucket_start, {model}, {node}, gpu_seconds
              from {MeteringStorage.Name}.{table}
              where tenant_id = $1 and bucket_start >= $2 and bucket_start < $3
              """
            : $"""
              select bucket_start, {model}, {node}, sum(gpu_seconds)::bigint
              from {MeteringStorage.Name}.{table}
              where tenant_id = $1 and bucket_start >= $2 and bucket_start < $3
              group by 1, 2, 3, 4
              """);
        command.Parameters.AddWithValue(tenantId);
        command.Parameters.AddWithValue(from.UtcDateTime);
        command.Parameters.AddWithValue(to.UtcDateTime);

        var rows = new List<UsageBucketRow>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(new UsageBucketRow(
                new DateTimeOffset(reader.GetDateTime(0), TimeSpan.Zero),
                reader.IsDBNull(1) ? null : reader.GetString(1),
                reader.IsDBNull(2) ? null : NullIfEmpty(reader.GetString(2)),
                reader.IsDBNull(3) ? null : reader.GetString(3),
                reader.GetInt64(4)));
        }
        return rows;
    }

    private static string? NullIfEmpty(string text) => text.Length == 0 ? null : text;
}
