using FluentValidation;
using Gateway;
using Gateway.ApiReference;
using Gateway.Grants;
using Gateway.Keys;
using Marten;
using Metering.ServiceDefaults;
using Npgsql;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("gateway");

var postgres = builder.Configuration.GetConnectionString("Postgres")
    ?? throw new InvalidOperationException("ConnectionStrings:Postgres is not set.");
builder.Services.AddSingleton(NpgsqlDataSource.Create(postgres));
builder.Services.AddMarten(GatewayStorage.Configure)
    .UseNpgsqlDataSource()
    .UseLightweightSessions()
    .ApplyAllDatabaseChangesOnStartup();
builder.Services.AddSingleton<IValidator<CreateKeyRequest>, CreateKeyValidator>();
builder.AddApiKeyAccess();

var signingKey = GatewayCalls.KeyOf(builder.Configuration["Access:GatewaySigningKey"])
    ?? throw new InvalidOperationException("Access:GatewaySigningKey is not set: the services behind the gateway would believe no call it forwards.");
builder.Services.AddReverseProxy()
    .LoadFromConfig(builder.Configuration.GetSection("ReverseProxy"))
    .AddTransforms(context => Forwarding.VouchForCaller(context, signingKey));
builder.Services.AddWholeApiDocument();

var app = builder.Build();
app.MapServiceDefaults(WholeApiEndpoints.MapWholeApiDocuments);
app.UseAuthentication();
app.UseAuthorization();
app.MapKeys();
app.MapGrants();
app.MapReverseProxy();
app.Run();

public partial class Program;
