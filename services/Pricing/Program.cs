using Metering.ServiceDefaults;

// The pricing decisions are built and tested; storage, messaging and endpoints come next.
var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("pricing");

var app = builder.Build();
app.MapServiceDefaults();
app.Run();

public partial class Program;
