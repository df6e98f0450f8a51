using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Gateway.ApiReference;
using GpuBilling.ServiceDefaults;
using GpuBilling.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.OpenApi;
using Xunit.Abstractions;

namespace Gateway.Tests;

/// <summary>
/// Every service with an HTTP API run as a real process behind the gateway (in this process), the
/// way `make up` runs them: each cluster of the route table points at one of them.
/// </summary>
public sealed class ServicesBehindGateway : IAsyncLifetime
{
    private const string Name = "whole_api_tests";

    /// <summary>Each service's project and the cluster of the gateway's route table that sends calls to it.</summary>
    public static readonly IReadOnlyDictionary<string, string> ClusterOf = new Dictionary<string, string>
    {
        ["Metering"] = "metering",
        ["Pricing"] = "pricing",
        ["Invoicing"] = "invoicing",
        ["Webhooks"] = "webhooks",
        ["Audit"] = "audit",
        ["Fleet"] = "fleet",
    };

    private readonly Dictionary<string, ServiceProcess> _services = [];
    private WebApplicationFactory<Program>? _gateway;

    public IServiceProvider GatewayServices => _gateway!.Services;

    public const string OperatorKey = "whole-api-tests-operator-key";

    public HttpClient Gateway() => _gateway!.CreateClient();

    /// <summary>An operator's client of the gateway whose every answer is checked against the gateway's document.</summary>
    public HttpClient OperatorGateway()
    {
        var client = _gateway!.CreateDefaultClient(new ContractCheckingHandler(ContractCheckingHandler.ReadOnce(() => _gateway!.CreateDefaultClient())));
        client.DefaultRequestHeaders.Add("X-Api-Key", OperatorKey);
        return client;
    }

    public HttpClient Service(string project) => new() { BaseAddress = _services[project].Address };

    public async Task InitializeAsync()
    {
        var database = await TestServers.CreateDatabaseAsync(Name);
        await TestServers.CreateVirtualHostAsync(Name);
        var settings = TestServers.ServiceSettings(database, Name);
        settings["Access:GatewaySigningKey"] = "whole-api-tests-signing-key-0123456789abcdef";
        // The generated-input walks send a few hundred requests a minute with one key.
        settings["RateLimiting:PermitsPerMinute"] = "100000";

        foreach (var project in ClusterOf.Keys) _services[project] = ServiceProcess.Start(project, settings);
        // The gateway learns where each service is once the service has said which port it got.
        foreach (var (project, service) in _services)
        {
            await service.ReadyAsync();
            settings[$"ReverseProxy:Clusters:{ClusterOf[project]}:Destinations:local:Address"] = $"http://127.0.0.1:{service.Port}";
        }

        _gateway = new WebApplicationFactory<Program>().WithWebHostBuilder(host =>
        {
            foreach (var (key, value) in settings) host.UseSetting(key, value);
            host.UseSetting("Access:SeedKeys:0:Key", OperatorKey);
            host.UseSetting("Access:SeedKeys:0:PrincipalId", "walk-operator");
            host.UseSetting("Access:SeedKeys:0:Role", GpuBilling.Access.Roles.Operator);
        });
        _ = _gateway.Server;
        // A service makes its document on the first request for it, which on a busy machine can
        // outlast the gateway's fetch of it: the tests begin once the gateway has every service's.
        await Eventually.AssertAsync(async () =>
        {
            var whole = JsonNode.Parse(await Gateway().GetStringAsync("/openapi/v1.json"))!;
            Assert.Null(whole[WholeApiDocument.MissingServicesExtension]?.ToJsonString());
        });
    }

    /// <summary>Also after a failed start: whatever did start is stopped.</summary>
    public async Task DisposeAsync()
    {
        if (_gateway is not null) await _gateway.DisposeAsync();
        foreach (var service in _services.Values) await service.DisposeAsync();
    }
}

/// <summary>
/// The gateway's one document for the whole API, held against what each service itself serves, and
/// every route of every service held against the gateway's route table.
/// </summary>
public class WholeApiTests(ServicesBehindGateway system, ITestOutputHelper output) : IClassFixture<ServicesBehindGateway>
{
    private async Task<Dictionary<string, IReadOnlyList<ApiRoute>>> ServiceRoutesAsync()
    {
        var routes = new Dictionary<string, IReadOnlyList<ApiRoute>>();
        foreach (var project in ServicesBehindGateway.ClusterOf.Keys)
        {
            var read = await ApiSurface.ReadDocumentAsync(system.Service(project));
            Assert.Empty(read.Diagnostic!.Errors);
            routes[project] = ApiSurface.RoutesOf(read.Document!);
        }
        return routes;
    }

    [Fact]
    public async Task The_document_is_valid_and_describes_exactly_the_gateways_routes_and_every_services_routes()
    {
        var services = (await ServiceRoutesAsync()).Values.SelectMany(routes => routes).ToList();

        // Exactly: every route of the gateway's own route table and of the services' documents is described, and nothing else.
        Assert.Empty(await ApiSurface.DocumentProblemsAsync(system.Gateway(), system.GatewayServices, services));
    }

    [Fact]
    public async Task The_document_names_the_gateway_as_its_server_the_key_scheme_once_and_no_service_missing()
    {
        var whole = JsonNode.Parse(await WholeDocumentAsync())!;

        Assert.Equal(["http://localhost"], whole["servers"]!.AsArray().Select(s => (string)s!["url"]!));
        Assert.Equal(["ApiKey"], whole["components"]!["securitySchemes"]!.AsObject().Select(s => s.Key));
        Assert.Equal(WholeApiDocument.Title, (string)whole["info"]!["title"]!);
        Assert.Null(whole[WholeApiDocument.MissingServicesExtension]?.ToJsonString());
    }

    [Fact]
    public async Task Each_operation_keeps_its_services_tags_and_every_tag_is_listed()
    {
        var whole = (await ApiSurface.ReadDocumentAsync(system.Gateway())).Document!;
        var listed = whole.Tags!.Select(tag => tag.Name).ToHashSet();

        foreach (var project in ServicesBehindGateway.ClusterOf.Keys)
        {
            var own = (await ApiSurface.ReadDocumentAsync(system.Service(project))).Document!;
            foreach (var (path, item) in own.Paths)
            foreach (var (method, operation) in item.Operations ?? [])
            {
                var tags = operation.Tags?.Select(tag => tag.Name).Order().ToList() ?? [];
                Assert.Equal(tags, whole.Paths[path].Operations![method].Tags?.Select(tag => tag.Name).Order().ToList() ?? []);
                Assert.Subset(listed, tags.ToHashSet());
            }
        }
    }

    /// <summary>
    /// Redocly's recommended rules (infra/api-lint/redocly.yaml; `infra/scripts/api-lint.sh install`
    /// puts the CLI there) over the document as the gateway serves it to a client that reached it by
    /// its public name: no error and no warning.
    /// </summary>
    [Fact]
    public async Task Redocly_finds_nothing_wrong_with_the_document()
    {
        var lint = Path.Combine(ServiceProcess.RepositoryRoot(), "infra", "api-lint");
        var redocly = Path.Combine(lint, "node_modules", ".bin", "redocly");
        Assert.True(File.Exists(redocly), $"{redocly} is missing: run infra/scripts/api-lint.sh install (make test does).");
        var client = system.Gateway();
        client.DefaultRequestHeaders.Host = "api.gpu-billing.test";
        var document = Path.Combine(Path.GetTempPath(), $"gateway-openapi-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(document, await client.GetStringAsync("/openapi/v1.json"));
        try
        {
            var start = new System.Diagnostics.ProcessStartInfo(redocly, ["lint", document, "--config", Path.Combine(lint, "redocly.yaml"), "--format", "stylish"])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                Environment = { ["REDOCLY_TELEMETRY"] = "off", ["REDOCLY_SUPPRESS_UPDATE_NOTICE"] = "true", ["NO_COLOR"] = "1" },
            };
            using var process = System.Diagnostics.Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var errors = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            var said = await output + await errors;
            var problems = said.Split('\n').Where(line => Regex.IsMatch(line, @"^\s+\d+:\d+\s+(error|warning)\s")).ToList();
            Assert.True(process.ExitCode == 0 && problems.Count == 0, $"redocly lint exited {process.ExitCode}:\n{said}");
        }
        finally
        {
            File.Delete(document);
        }
    }

    /// <summary>
    /// The general rules of the document (ExactSchemas), held over every schema of the whole API, so an
    /// endpoint added later is checked without a test of its own: no enum holds null (a nullable use
    /// says `oneOf: [null, the enum]`, and null in both branches would match neither exactly once), and
    /// `required` lists exactly the properties that cannot be null.
    /// </summary>
    [Fact]
    public async Task No_enum_holds_null_and_exactly_the_non_nullable_properties_are_required()
    {
        var whole = JsonNode.Parse(await system.Gateway().GetStringAsync("/openapi/v1.json"))!;
        var wrong = new List<string>();
        foreach (var (name, schema) in whole["components"]!["schemas"]!.AsObject())
        {
            if (schema!["enum"] is JsonArray values && values.Any(v => v is null)) wrong.Add($"{name}: its enum holds null");
            if (schema["properties"] is not JsonObject properties) continue;
            var required = (schema["required"] as JsonArray ?? []).Select(r => (string)r!).Order().ToList();
            var nonNullable = properties.Where(p => !AdmitsNull(p.Value!)).Select(p => p.Key).Order().ToList();
            if (!required.SequenceEqual(nonNullable))
                wrong.Add($"{name}: requires [{string.Join(", ", required)}] but cannot be null: [{string.Join(", ", nonNullable)}]");
        }
        Assert.Empty(wrong);
    }

    private static bool AdmitsNull(JsonNode schema) =>
        schema["type"] is JsonArray types && types.Any(t => (string?)t == "null")
        || (string?)(schema["type"] as JsonValue) == "null"
        || new[] { "oneOf", "anyOf" }.Any(k => schema[k] is JsonArray options && options.Any(o => AdmitsNull(o!)));

    /// <summary>
    /// Requests generated from the document alone (<see cref="InputWalk"/>), as an operator: every
    /// constrained query parameter of every GET just inside and just outside what the document
    /// allows. What it allows is taken (no 400 or 422), what it forbids is refused with a problem
    /// naming the parameter, nothing answers 5xx, and every answer keeps the document.
    /// </summary>
    [Fact]
    public async Task Every_operation_takes_what_the_document_allows_and_refuses_what_it_forbids_naming_the_field()
    {
        var document = await WholeDocumentAsync();
        var cases = InputWalk.CasesOf(document, name => $"walk-{name}", new Dictionary<string, string>
        {
            ["tenantId"] = "walk-tenant",
            ["from"] = "2026-01-01T00:00:00Z",
            ["to"] = "2026-01-02T00:00:00Z",
        });
        Assert.NotEmpty(cases);
        // The usage report's 366-day window (`x-window`): 366 days taken, 367 refused naming `to`.
        Assert.Contains(cases, c => c.Path.StartsWith("/v1/usage?", StringComparison.Ordinal) && c.Value == "2027-01-03T00:00:00Z" && !c.Allowed);
        using var client = system.OperatorGateway();
        var wrong = new List<string>();
        foreach (var walk in cases)
        {
            try
            {
                using var response = await client.GetAsync(walk.Path);
                var status = (int)response.StatusCode;
                var body = await response.Content.ReadAsStringAsync();
                var refused = status is 400 or 422;
                if (status >= 500) wrong.Add($"{walk}: {status} {body}");
                else if (walk.Allowed && refused) wrong.Add($"{walk}: refused with {status} {body}");
                else if (!walk.Allowed && !refused) wrong.Add($"{walk}: taken with {status}");
                else if (!walk.Allowed && !body.Contains(walk.Parameter, StringComparison.OrdinalIgnoreCase)) wrong.Add($"{walk}: the problem does not name it: {body}");
            }
            catch (ContractBroken broken)
            {
                wrong.Add($"{walk}: {broken.Message}");
            }
        }
        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
    }

    /// <summary>
    /// Every operation with a JSON body, from the document alone, answers a `null` body with the one
    /// malformed-request problem (400), whichever service runs it and however its endpoint declares the body;
    /// but only to a caller it admits: without a key it is the 401, at the gateway and at the service's
    /// own port alike, so a caller without a key learns nothing of the rules of bodies.
    /// </summary>
    [Fact]
    public async Task Every_operation_with_a_body_refuses_a_null_body_as_malformed_once_the_caller_is_known()
    {
        var document = JsonNode.Parse(await WholeDocumentAsync())!;
        var operations = BodyWalk.OperationsOf(document, name => $"walk-null-{name}").ToList();
        Assert.NotEmpty(operations);
        var serviceOf = (await ServiceRoutesAsync()).SelectMany(s => s.Value.Select(route => (route, s.Key)))
            .ToDictionary(r => (r.route.Method, r.route.Pattern), r => r.Key);
        using var client = system.OperatorGateway();
        var wrong = new List<string>();
        foreach (var (method, template, path, _) in operations)
        {
            try
            {
                using var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path) { Content = Json("null") });
                var problem = await response.Content.ReadAsStringAsync();
                if (response.StatusCode != HttpStatusCode.BadRequest || !problem.Contains(NullBodies.Detail, StringComparison.Ordinal))
                    wrong.Add($"{method} {path}: {(int)response.StatusCode} {problem}");
                var own = serviceOf.TryGetValue((method, template), out var project) ? system.Service(project) : system.Gateway();
                using var unknown = await own.SendAsync(new HttpRequestMessage(new HttpMethod(method), path) { Content = Json("null") });
                if (unknown.StatusCode != HttpStatusCode.Unauthorized)
                    wrong.Add($"{method} {own.BaseAddress}{path.TrimStart('/')} without a key: {(int)unknown.StatusCode} {await unknown.Content.ReadAsStringAsync()}");
            }
            catch (ContractBroken broken)
            {
                wrong.Add($"{method} {path}: {broken.Message}");
            }
        }
        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
    }

    /// <summary>
    /// Every operation with a JSON body, from the document alone, refuses a body that names a property
    /// twice (the generated body with its schema's first property sent first again) with a 400 naming it,
    /// rather than taking whichever value came last.
    /// </summary>
    [Fact]
    public async Task Every_operation_with_a_body_refuses_a_property_sent_twice_naming_it()
    {
        var document = await WholeDocumentAsync();
        var root = JsonNode.Parse(document)!;
        var generated = BodyWalk.CasesOf(document, name => $"walk-twice-{name}", new Dictionary<string, string>())
            .Where(c => c.Field.Length == 0).ToDictionary(c => (c.Method, c.Template), c => c.Body);
        var operations = BodyWalk.OperationsOf(root, name => $"walk-twice-{name}").ToList();
        Assert.NotEmpty(operations);
        using var client = system.OperatorGateway();
        var wrong = new List<string>();
        foreach (var (method, template, path, schema) in operations)
        {
            var properties = (schema["$ref"] is JsonValue reference ? root["components"]!["schemas"]![((string)reference!).Split('/')[^1]]! : schema)["properties"]!.AsObject();
            var name = properties.First().Key;
            var body = JsonNode.Parse(generated.GetValueOrDefault((method, template), "{}"))!.AsObject();
            var rest = body.ToJsonString()[1..];
            var twice = $"{{\"{name}\":{body[name]?.ToJsonString() ?? "null"},{(rest == "}" ? $"\"{name}\":null}}" : body.ContainsKey(name) ? rest : $"\"{name}\":null,{rest}")}";
            try
            {
                using var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path) { Content = Json(twice) });
                var problem = await response.Content.ReadAsStringAsync();
                if (response.StatusCode != HttpStatusCode.BadRequest || !FieldsOf(problem).Contains(name))
                    wrong.Add($"{method} {path} {twice}: {(int)response.StatusCode} {problem}");
            }
            catch (ContractBroken broken)
            {
                wrong.Add($"{method} {path}: {broken.Message}");
            }
        }
        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
    }

    /// <summary>
    /// Writes generated from the document alone (<see cref="BodyWalk"/>), as an operator, on the walk's
    /// own tenant and ids: for every operation with a JSON body, a body its schema allows, then each
    /// constraint of each field just inside and just outside. What the document allows is not refused
    /// as malformed, nor refused naming the field (a business answer the generated body also gets, a
    /// 404 or a 422 over state, is no refusal of the field); what it forbids is refused with a 400 or
    /// 422 problem naming the field (or gets the generated body's 404: a missing resource is looked
    /// for before its body); nothing answers 5xx or takes longer than a few seconds, and every answer
    /// keeps the document.
    /// </summary>
    [Fact]
    public async Task Every_write_takes_the_bodies_the_document_allows_and_refuses_those_it_forbids_naming_the_field()
    {
        var document = await WholeDocumentAsync();
        var cases = BodyWalk.CasesOf(document, name => name == "tenantId" ? "walk-writes-tenant" : $"walk-{name}", new Dictionary<string, string>
        {
            ["timeZoneId"] = "Europe/Berlin",
        });
        Assert.NotEmpty(cases);
        using var client = system.OperatorGateway();
        client.Timeout = TimeSpan.FromSeconds(20);
        var wrong = new List<string>();
        var generated = new Dictionary<(string, string), (int Status, string Problem)>();
        foreach (var walk in cases)
        {
            try
            {
                using var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(walk.Method), walk.Path) { Content = Json(walk.Body) });
                var status = (int)response.StatusCode;
                var problem = await response.Content.ReadAsStringAsync();
                if (walk.Field.Length == 0)
                {
                    generated[(walk.Method, walk.Template)] = (status, problem);
                    output.WriteLine($"{walk.Method} {walk.Path}: the generated body answered {status} {(status >= 300 ? problem : "")}");
                    if (status is 400 || status >= 500) wrong.Add($"{walk}: the generated body is refused: {status} {problem}");
                    continue;
                }
                var (baseline, baselineProblem) = generated[(walk.Method, walk.Template)];
                var names = Names(problem, walk.Named) && !Names(baselineProblem, walk.Named);
                if (status >= 500) wrong.Add($"{walk}: {status} {problem}");
                else if (walk.Allowed && (status == 400 || (status == 422 && names))) wrong.Add($"{walk}: refused with {status} {problem}");
                else if (!walk.Allowed && status == 404 && baseline == 404) continue;
                // The generated body itself was refused (a rule the document cannot state, such as a per-unit
                // rate's price): a variant refused for exactly the same fields cannot be told apart.
                else if (!walk.Allowed && status == 422 && baseline == 422 && FieldsOf(problem).SetEquals(FieldsOf(baselineProblem)))
                    output.WriteLine($"{walk}: not judged, refused as the generated body was");
                else if (!walk.Allowed && status is not (400 or 422)) wrong.Add($"{walk}: taken with {status}");
                else if (!walk.Allowed && !Names(problem, walk.Named)) wrong.Add($"{walk}: the problem does not name it: {problem}");
            }
            catch (ContractBroken broken)
            {
                wrong.Add($"{walk}: {broken.Message}");
            }
            catch (TaskCanceledException)
            {
                wrong.Add($"{walk}: no answer within {client.Timeout}");
            }
        }
        Assert.True(wrong.Count == 0, $"{wrong.Count} of {cases.Count}:\n" + string.Join("\n", wrong));
    }

    /// <summary>
    /// The document with every service in it: the fixture begins the tests once the gateway has every
    /// service's, and the gateway keeps a service's last document when a later fetch fails.
    /// </summary>
    private Task<string> WholeDocumentAsync() => system.Gateway().GetStringAsync("/openapi/v1.json");

    /// <summary>
    /// Every path parameter of every operation, from the document alone. An id (a parameter with a
    /// `pattern`, which IdParameters writes from the id's rule) is sent a value its pattern takes, which
    /// must not be refused naming it (it is taken, or not found), and values outside it (text the
    /// pattern does not take, one character past `maxLength`), which must be a 400 naming it. An enum's
    /// value outside it and an integer's fraction are refused or not found. A string parameter with
    /// neither a pattern nor an enum fails: every id states its rule. The rest of the request is what
    /// the walks send; nothing answers 5xx.
    /// </summary>
    [Fact]
    public async Task Every_path_id_is_held_to_the_pattern_the_document_states_for_it()
    {
        var document = await WholeDocumentAsync();
        // One value for every name, so a problem names a parameter only by its name (a JSON key), never by echoing its value.
        static string Preferred(string name) => "walk-path";
        var bodies = BodyWalk.CasesOf(document, Preferred, new Dictionary<string, string>())
            .Where(c => c.Field.Length == 0).ToDictionary(c => (c.Method, c.Template), c => c.Body);
        using var client = system.OperatorGateway();
        var wrong = new List<string>();
        var sent = 0;
        foreach (var (template, item) in JsonNode.Parse(document)!["paths"]!.AsObject())
        foreach (var (method, node) in item!.AsObject().Where(o => o.Key is "get" or "put" or "post" or "patch" or "delete"))
        {
            var operation = (JsonObject)node!;
            var values = PathValues.Of(template, operation, Preferred);
            foreach (var parameter in values.Keys)
            {
                var schema = PathValues.SchemaOf(operation, parameter) ?? [];
                var pattern = (string?)schema["pattern"];
                var isInteger = (string?)(schema["type"] as JsonValue) == "integer";
                if (pattern is null && schema["enum"] is null && !isInteger)
                {
                    wrong.Add($"{method.ToUpperInvariant()} {template} ({parameter}): states no pattern");
                    continue;
                }
                var tries = new List<(string Value, bool Allowed)> { (values[parameter], true) };
                if (pattern is null || !Regex.IsMatch("~ not this ~", pattern)) tries.Add(("~ not this ~", false));
                if (schema["maxLength"] is { } most) tries.Add((new string('a', (int)most + 1), false));
                foreach (var (value, allowed) in tries)
                {
                    var path = PathValues.Fill(template, new Dictionary<string, string>(values) { [parameter] = value });
                    var request = new HttpRequestMessage(new HttpMethod(method.ToUpperInvariant()), path);
                    if (bodies.TryGetValue((method.ToUpperInvariant(), template), out var body)) request.Content = Json(body);
                    sent++;
                    try
                    {
                        using var response = await client.SendAsync(request);
                        var status = (int)response.StatusCode;
                        var problem = await response.Content.ReadAsStringAsync();
                        var said = $"{method.ToUpperInvariant()} {path} ({parameter} {(allowed ? "inside" : "outside")}): {status} {problem}";
                        var namesIt = Names(problem, $"\"{parameter}\"");
                        if (status >= 500) wrong.Add(said);
                        else if (allowed && status is 400 or 422 && namesIt) wrong.Add($"{said}: refused naming it");
                        else if (!allowed && pattern is not null && (status != 400 || !namesIt)) wrong.Add($"{said}: not the 400 naming it");
                        else if (!allowed && status is not (400 or 404 or 422)) wrong.Add($"{said}: taken");
                    }
                    catch (ContractBroken broken)
                    {
                        wrong.Add($"{method.ToUpperInvariant()} {path} ({parameter}): {broken.Message}");
                    }
                }
            }
        }
        Assert.True(sent > 0 && wrong.Count == 0, $"{wrong.Count} of {sent}:\n" + string.Join("\n", wrong));
    }

    private static HashSet<string> FieldsOf(string problem) =>
        JsonNode.Parse(problem)?["errors"] is JsonObject errors ? errors.Select(e => e.Key).ToHashSet(StringComparer.OrdinalIgnoreCase) : [];

    private static bool Names(string problem, string field) => problem.Contains(field, StringComparison.OrdinalIgnoreCase);

    private static StringContent Json(string body) => new(body, System.Text.Encoding.UTF8, "application/json");

    /// <summary>
    /// A route the gateway forwards asks for a key (401) before anything else; a path none of its
    /// routes matches is its own 404. So a service route answered 404 through the gateway is one the
    /// route table leaves unreachable.
    /// </summary>
    [Fact]
    public async Task Every_route_every_service_serves_is_reachable_through_the_gateway()
    {
        var unreachable = new List<string>();
        foreach (var (project, routes) in await ServiceRoutesAsync())
        foreach (var route in routes)
        {
            var path = Regex.Replace(route.Pattern, "{[^}]+}", "x");
            using var response = await system.Gateway().SendAsync(new HttpRequestMessage(new HttpMethod(route.Method), path));
            if (response.StatusCode != HttpStatusCode.Unauthorized) unreachable.Add($"{project}: {route} answers {(int)response.StatusCode} at the gateway");
        }
        Assert.Empty(unreachable);
    }
}
