using System.Net;
using System.Text.Json;

namespace GpuBilling.Testing;

/// <summary>A request the framework or the endpoint must refuse as the caller's mistake, and the field it must name.</summary>
public sealed record MalformedRequest(Func<HttpRequestMessage> Request, string Field);

/// <summary>
/// Who may call one route, and how to call it. Refusals come before anything is read, so
/// <see cref="Request"/> may name anything; <see cref="OnAnotherTenant"/> names a resource that
/// exists and belongs to another tenant than the caller's.
/// </summary>
public sealed record IsolationCase(ApiRoute Route, params string[] Roles)
{
    public required Func<HttpRequestMessage> Request { get; init; }

    /// <summary>
    /// The request on another tenant's resource: a scoped key the route admits must get 404, as if it
    /// did not exist; one it does not admit, 403.
    /// </summary>
    public Func<HttpRequestMessage>? OnAnotherTenant { get; init; }

    /// <summary>The other tenant's resource as its owner sees it, read before and after the case: a refused request changes nothing.</summary>
    public Func<Task<string>>? StateOfAnotherTenant { get; init; }

    /// <summary>Null only for a route whose every input is valid (no body, no number, any text an id); <see cref="NoMalformedInput"/> says why.</summary>
    public MalformedRequest? Malformed { get; init; }

    public string? NoMalformedInput { get; init; }

    public override string ToString() => Route.ToString();
}

/// <summary>Checks a table of <see cref="IsolationCase"/>s against a running service and reports every failure at once.</summary>
public static class Isolation
{
    /// <summary>"route X has no isolation case" for every served route the table misses, and the reverse for a case of no route.</summary>
    public static IReadOnlyList<string> UncoveredRoutes(IEnumerable<ApiRoute> served, IEnumerable<IsolationCase> cases)
    {
        var covered = cases.Select(c => c.Route).ToHashSet();
        var routes = served.ToHashSet();
        return
        [
            .. routes.Where(r => !covered.Contains(r)).Select(r => $"route {r} has no isolation case"),
            .. covered.Where(r => !routes.Contains(r)).Select(r => $"isolation case {r} names no route the service serves"),
            .. cases.Where(c => c.Malformed is null && c.NoMalformedInput is null).Select(c => $"route {c} has no malformed request and no reason why not"),
        ];
    }

    /// <summary>
    /// A key of every role, made by <paramref name="clientFor"/> (principal, role, tenants granted):
    /// the tenant's own; a partner's and an auditor's that <paramref name="tenant"/> alone granted;
    /// an operator's, which reaches every tenant; a scheduler's, which reads every tenant's standing
    /// and nothing else. Principals of their own: grants are a principal's,
    /// and other tests of the same service grant theirs.
    /// </summary>
    public static async Task<IReadOnlyDictionary<string, HttpClient>> KeysAsync(Func<string, string, string[], Task<HttpClient>> clientFor, string tenant) =>
        new Dictionary<string, HttpClient>
        {
            ["tenant"] = await clientFor(tenant, "tenant", []),
            ["partner"] = await clientFor($"partner-{Guid.NewGuid():N}", "partner", [tenant]),
            ["operator"] = await clientFor("alice@ops", "operator", []),
            ["auditor"] = await clientFor($"auditor-{Guid.NewGuid():N}", "auditor", [tenant]),
            // Admitted by the standing's reads alone: every other route must refuse it.
            ["scheduler"] = await clientFor("scheduler-1", "scheduler", []),
        };

    /// <summary>The roles whose keys reach some tenants only: on another tenant's resource they get 404 (or 403 where the route refuses the role).</summary>
    public static readonly IReadOnlyList<string> ScopedRoles = ["tenant", "partner", "auditor"];

    /// <summary><see cref="FailuresAsync(IsolationCase, HttpClient, IReadOnlyDictionary{string, HttpClient}, IReadOnlyCollection{string})"/> of every case, one after another.</summary>
    public static async Task<IReadOnlyList<string>> FailuresAsync(
        IEnumerable<IsolationCase> cases, HttpClient anonymous, IReadOnlyDictionary<string, HttpClient> keysByRole, IReadOnlyCollection<string> scopedRoles)
    {
        var failures = new List<string>();
        foreach (var test in cases) failures.AddRange(await FailuresAsync(test, anonymous, keysByRole, scopedRoles));
        return failures;
    }

    /// <summary>
    /// No key: 401. A key of every role the route does not admit: 403; of every role it admits: neither
    /// 401 nor 403. A key of each scoped role on another tenant's resource: 404 where the route admits
    /// the role, 403 where it does not; and that resource unchanged by all of it. The malformed
    /// request: a 400 or 422 problem naming its field. Every refusal is problem details.
    /// </summary>
    public static async Task<IReadOnlyList<string>> FailuresAsync(
        IsolationCase test, HttpClient anonymous, IReadOnlyDictionary<string, HttpClient> keysByRole, IReadOnlyCollection<string> scopedRoles)
    {
        var failures = new List<string>();
        var before = test.StateOfAnotherTenant is null ? null : await test.StateOfAnotherTenant();
        await ExpectAsync(failures, $"{test} without a key", anonymous, test.Request, HttpStatusCode.Unauthorized);
        foreach (var (role, client) in keysByRole)
        {
            if (!test.Roles.Contains(role))
            {
                await ExpectAsync(failures, $"{test} as {role}", client, test.Request, HttpStatusCode.Forbidden);
                continue;
            }
            // The table says exactly who is admitted: an admitted role is answered, whatever the answer is.
            using var admitted = await client.SendAsync(test.Request());
            if (admitted.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
                failures.Add($"{test} as {role}: {(int)admitted.StatusCode}, but the case admits {role}");
        }

        if (test.OnAnotherTenant is { } onAnother)
            foreach (var role in scopedRoles)
                await ExpectAsync(failures, $"{test} as {role} on another tenant's resource", keysByRole[role], onAnother,
                    test.Roles.Contains(role) ? HttpStatusCode.NotFound : HttpStatusCode.Forbidden);
        var after = test.StateOfAnotherTenant is null ? null : await test.StateOfAnotherTenant();
        if (before != after) failures.Add($"{test}: another tenant's resource changed from {before} to {after}");

        if (test.Malformed is { } malformed)
        {
            var caller = keysByRole[test.Roles[0]];
            using var response = await caller.SendAsync(malformed.Request());
            var body = await response.Content.ReadAsStringAsync();
            if (response.StatusCode is not (HttpStatusCode.BadRequest or HttpStatusCode.UnprocessableEntity)
                || response.Content.Headers.ContentType?.MediaType != "application/problem+json"
                || !Names(body, malformed.Field))
                failures.Add($"{test} malformed: {(int)response.StatusCode} {response.Content.Headers.ContentType?.MediaType} {body}, expected a 400 or 422 problem naming '{malformed.Field}'");
        }
        return failures;
    }

    private static async Task ExpectAsync(List<string> failures, string what, HttpClient client, Func<HttpRequestMessage> request, HttpStatusCode expected)
    {
        using var response = await client.SendAsync(request());
        if (response.StatusCode != expected)
            failures.Add($"{what}: {(int)response.StatusCode}, expected {(int)expected}");
        else if (response.Content.Headers.ContentType?.MediaType != "application/problem+json")
            failures.Add($"{what}: {(int)expected} as {response.Content.Headers.ContentType?.MediaType ?? "no content"}, expected problem details");
    }

    /// <summary>The problem names the field: as a key of its `errors`, or in its detail.</summary>
    private static bool Names(string problem, string field)
    {
        using var json = JsonDocument.Parse(problem);
        var root = json.RootElement;
        if (root.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Object
            && errors.EnumerateObject().Any(e => string.Equals(e.Name, field, StringComparison.OrdinalIgnoreCase)))
            return true;
        return root.TryGetProperty("detail", out var detail) && detail.GetString()?.Contains(field, StringComparison.OrdinalIgnoreCase) == true;
    }
}
