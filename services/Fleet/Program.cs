using Fleet;
using Fleet.CostCards;
using Fleet.Costs;
using Fleet.Efficiency;
using Fleet.Inventory;
using Fleet.Margin;
using Fleet.Revenue;
using Fleet.Usage;
using GpuBilling.Access;
using GpuBilling.Messaging;
using GpuBilling.ServiceDefaults;
using MassTransit;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("fleet");
builder.AddEventStore(FleetStorage.Configure);
builder.Services.AddHostedService<NodeDayRowsBackfill>();
builder.AddServiceBus(bus =>
{
    bus.AddConsumer<NodeUsageSealedConsumer, NodeUsageSealedConsumerDefinition>();
    bus.AddConsumer<GpuIdleConsumer, GpuIdleConsumerDefinition>();
    bus.AddRevenueConsumers();
});
builder.AddApiKeyAccess();
builder.Services.AddInventory().AddCostCards().AddIdleSettings();

var app = builder.Build();
app.MapServiceDefaults();
app.UseApiKeyAccess();
app.UseRequestRules();
app.MapInventory();
app.MapCostCards();
app.MapCosts();
app.MapEfficiency();
app.MapIdleSettings();
app.MapMargin();
app.Run();

public partial class Program;
