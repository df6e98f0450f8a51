using GpuBilling.ServiceDefaults;
using NodeAgent;
using NodeAgent.Allocations;
using NodeAgent.Publishing;
using NodeAgent.Sampling;
using NodeAgent.Spooling;

var builder = WebApplication.CreateBuilder(args);
builder.AddConfigFile();
builder.AddServiceDefaults("node-agent", UnknownDevices.MeterName, Spool.MeterName);
builder.AddAllocations();
builder.AddSampling();
builder.AddSpoolPublishing();

var app = builder.Build();
app.MapServiceDefaults();
app.Run();
