using Gateway;
using Gateway.ApiReference;
using Gateway.Grants;
using Gateway.Keys;
using Gateway.Portal;
using GpuBilling.Access;
using GpuBilling.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("gateway");
builder.AddEventStore(GatewayStorage.Configure);
builder.AddKeys();
builder.AddApiKeyAccess();
builder.AddForwarding();
builder.AddPortal();
builder.Services.AddWholeApiDocument();

var app = builder.Build();
// Its port is the public one: operators scrape it on `Metrics:Url` only.
app.MapServiceDefaults(WholeApiEndpoints.MapWholeApiDocuments, publicPort: true);
app.UsePortal();
app.UseApiKeyAccess();
app.UsePortalSessionLimits();
app.UseRequestRules();
app.MapKeys();
app.MapGrants();
app.MapPortal();
app.MapReverseProxy();
app.Run();

public partial class Program;
