using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using GpuBilling.Testing;
using Metering.Tests.Ingestion;
using static Metering.Tests.Ingestion.Reports;

namespace Metering.Tests.Usage;

public sealed class UsageApiService() : MeteringService("metering_usage_api_tests");

public class UsageApiTests(UsageApiService metering) : IClassFixture<UsageApiService>
{
    [Theory]
    [InlineData("tz=Mars/Olympus", "tz", "'tz' must be an IANA time zone such as Europe/Berlin.")]
    [InlineData("granularity=week", "granularity", "'granularity' must be one of: 15m, hour, day.")]
    [InlineData("groupBy=color", "groupBy", "'groupBy' must be a comma-separated list of: gpuModel, node.")]
    [InlineData("from=yesterday", "from", "'from' must be an ISO 8601 date or date-time on a 15-minute boundary, from 1970 to 9000.")]
    [InlineData("from=2026-11-23T10:07:00Z", "from", "'from' must be an ISO 8601 date or date-time on a 15-minute boundary, from 1970 to 9000.")]
    [InlineData("from=2026-11-23&to=2026-11-22", "to", "'to' must be after 'from' and at most 366 days later.")]
    [InlineData("from=2025-01-01&to=2026-11-22", "to", "'to' must be after 'from' and at most 366 days later.")]
    [InlineData("format=xlsx", "format", "'format' must be json or csv.")]
    public async Task A_bad_parameter_gets_a_problem_naming_it(string query, string parameter, string problem)
    {
        var client = await metering.ClientForAsync("problem-tenant");

        var response = await client.GetAsync($"/v1/usage?{query}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.Equal([parameter], errors.EnumerateObject().Select(e => e.Name));
        Assert.Equal([problem], errors.GetProperty(parameter).EnumerateArray().Select(e => e.GetString()));
    }

    [Theory]
    [InlineData("from=0001-01-01&to=0001-01-02")]
    [InlineData("from=0001-01-01&tz=Asia/Kolkata")]
    [InlineData("from=0001-01-01T00:00:00&tz=Asia/Kolkata")]
    [InlineData("from=2026-11-23T10:00:00%2B15:00")]
    [InlineData("from=9999-12-31&to=9999-12-31T23:45:00Z")]
    [InlineData("from=9999-12-31T23:45:00Z")]
    [InlineData("to=0001-01-01")]
    [InlineData("from=2026-13-45")]
    [InlineData("from=2026-03-08T02:30:00&tz=America/New_York")]
    [InlineData("tz=../../etc/passwd")]
    [InlineData("tz=&granularity=&groupBy=")]
    [InlineData("groupBy=,,,node,,")]
    [InlineData("granularity=%00")]
    [InlineData("from=2026-11-23T10:00:00%2B14:00&to=2026-11-23T10:00:00-12:00")]
    public async Task No_query_makes_the_usage_api_fail(string query)
    {
        var client = await metering.ClientForAsync("hostile-tenant");

        var response = await client.GetAsync($"/v1/usage?{query}");

        Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.BadRequest,
            $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    [Fact]
    public async Task An_oversized_parameter_gets_a_problem_not_a_failure()
    {
        var client = await metering.ClientForAsync("hostile-tenant");

        var response = await client.GetAsync($"/v1/usage?tz={new string('x', 5000)}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Kolkata_hours_split_a_utc_hour_at_its_half()
    {
        await metering.SendAsync(Report("kolkata-node", Enumerable.Range(0, 3600), _ => [Gpu("GPU-k1", "kolkata-tenant")]));
        var client = await metering.ClientForAsync("kolkata-tenant");
        var kolkata = TimeZoneInfo.FindSystemTimeZoneById("Asia/Kolkata");
        var from = TimeZoneInfo.ConvertTime(LastHour.AddMinutes(-30), kolkata);

        await Eventually.AssertAsync(async () =>
        {
            var usage = await client.GetFromJsonAsync<JsonElement>(
                $"/v1/usage?tz=Asia/Kolkata&granularity=hour&from={Uri.EscapeDataString(from.ToString("yyyy-MM-ddTHH:mm:ss"))}" +
                $"&to={Uri.EscapeDataString(from.AddHours(2).ToString("yyyy-MM-ddTHH:mm:ss"))}");
            Assert.Equal(
                [(from.ToString("yyyy-MM-ddTHH:mm:sszzz"), 1800L), (from.AddHours(1).ToString("yyyy-MM-ddTHH:mm:sszzz"), 1800L)],
                usage.GetProperty("buckets").EnumerateArray()
                    .Select(b => (b.GetProperty("start").GetString()!, b.GetProperty("gpuSeconds").GetInt64())));
            Assert.Equal(1m, usage.GetProperty("totalGpuHours").GetDecimalText());
        });
    }

    [Fact]
    public async Task An_auditor_reads_the_usage_of_a_tenant_granted_to_it_and_no_other()
    {
        await metering.SendAsync(
            Report("audited-node", Enumerable.Range(0, 40), _ => [Gpu("GPU-au1", "audited-tenant"), Gpu("GPU-au2", "unaudited-tenant")]));
        var auditor = await metering.ClientForAsync("erin@audit", GpuBilling.Access.Roles.Auditor, "audited-tenant");
        var window = $"from={Uri.EscapeDataString(LastHour.ToString("O"))}&to={Uri.EscapeDataString(LastHour.AddHours(1).ToString("O"))}";

        await Eventually.AssertAsync(async () =>
        {
            var usage = await auditor.GetFromJsonAsync<JsonElement>($"/v1/usage?{window}&tenantId=audited-tenant");
            Assert.Equal(("audited-tenant", 40L), (usage.GetProperty("tenantId").GetString(), usage.GetProperty("totalGpuSeconds").GetInt64()));
        });
        // Its only tenant is the default.
        Assert.Equal(40L, (await auditor.GetFromJsonAsync<JsonElement>($"/v1/usage?{window}")).GetProperty("totalGpuSeconds").GetInt64());
        Assert.Equal(HttpStatusCode.NotFound, (await auditor.GetAsync($"/v1/usage?{window}&tenantId=unaudited-tenant")).StatusCode);

        var operatorClient = await metering.ClientForAsync("alice@ops", GpuBilling.Access.Roles.Operator);
        Assert.Equal(40L, (await operatorClient.GetFromJsonAsync<JsonElement>($"/v1/usage?{window}&tenantId=unaudited-tenant")).GetProperty("totalGpuSeconds").GetInt64());
        var unnamed = await operatorClient.GetAsync($"/v1/usage?{window}");
        Assert.Equal(HttpStatusCode.BadRequest, unnamed.StatusCode);
        Assert.Equal(["'tenantId' is required when the key reaches more than one tenant."],
            (await unnamed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty("tenantId").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task Usage_grouped_by_node_and_model_has_a_row_for_each()
    {
        await metering.SendAsync(
            Report("group-node-1", Enumerable.Range(0, 60), _ => [Gpu("GPU-n1a", "group-tenant"), Gpu("GPU-n1b", "group-tenant")]),
            Report("group-node-2", Enumerable.Range(0, 30), _ => [Gpu("GPU-n2a", "group-tenant") with { Model = "NVIDIA A100-SXM4-80GB" }]));
        var client = await metering.ClientForAsync("group-tenant");
        var window = $"from={Uri.EscapeDataString(LastHour.ToString("O"))}&to={Uri.EscapeDataString(LastHour.AddHours(1).ToString("O"))}";

        await Eventually.AssertAsync(async () =>
        {
            var usage = await client.GetFromJsonAsync<JsonElement>($"/v1/usage?{window}&granularity=hour&groupBy=node,gpuModel");
            Assert.Equal(
                [("group-node-1", H100, 120L), ("group-node-2", "NVIDIA A100-SXM4-80GB", 30L)],
                usage.GetProperty("buckets").EnumerateArray()
                    .Select(b => (b.GetProperty("nodeId").GetString()!, b.GetProperty("gpuModel").GetString()!, b.GetProperty("gpuSeconds").GetInt64()))
                    .OrderBy(b => b.Item1));
        });
    }

    [Fact]
    public async Task Usage_downloads_as_csv_one_row_per_bucket_in_the_tenant_s_zone_in_the_report_s_order()
    {
        await metering.SendAsync(
            Report("csv-node-1", Enumerable.Range(0, 90), _ => [Gpu("GPU-c1a", "csv-tenant"), Gpu("GPU-c1b", "csv-tenant")]),
            Report("csv-node-2", Enumerable.Range(0, 45), _ => [Gpu("GPU-c2a", "csv-tenant") with { Model = "NVIDIA A100-SXM4-80GB" }]));
        var client = await metering.ClientForAsync("csv-tenant");
        var berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
        var start = TimeZoneInfo.ConvertTime(LastHour, berlin).ToString("yyyy-MM-ddTHH:mm:sszzz");
        var end = TimeZoneInfo.ConvertTime(LastHour.AddHours(1), berlin).ToString("yyyy-MM-ddTHH:mm:sszzz");
        var window = $"from={Uri.EscapeDataString(LastHour.ToString("O"))}&to={Uri.EscapeDataString(LastHour.AddHours(1).ToString("O"))}";

        await Eventually.AssertAsync(async () =>
        {
            var response = await client.GetAsync($"/v1/usage?{window}&tz=Europe/Berlin&granularity=hour&groupBy=node,gpuModel&format=csv");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(("text/csv", "usage-csv-tenant.csv"), (response.Content.Headers.ContentType?.MediaType, response.Content.Headers.ContentDisposition?.FileName));
            Assert.Equal(
                "start,end,gpu_model,mig_profile,node_id,gpu_seconds,gpu_hours\r\n" +
                $"{start},{end},NVIDIA A100-SXM4-80GB,,csv-node-2,45,0.0125\r\n" +
                $"{start},{end},{H100},,csv-node-1,180,0.05\r\n",
                await response.Content.ReadAsStringAsync());
        });
    }
}
