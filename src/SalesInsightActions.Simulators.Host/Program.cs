using SalesInsightActions.Simulators;

// Standalone vendor simulators. URL: --urls, else SIMULATORS_URLS, else http://127.0.0.1:5090.
WebApplicationBuilder builder = WebApplication.CreateBuilder(args);
if (string.IsNullOrEmpty(builder.Configuration["urls"]))
{
    builder.WebHost.UseUrls(Environment.GetEnvironmentVariable("SIMULATORS_URLS") is { Length: > 0 } fromEnvironment
        ? fromEnvironment
        : "http://127.0.0.1:5090");
}
builder.Services.AddVendorSimulators(builder.Configuration.GetSection(SimulatorOptions.SectionName));

WebApplication app = builder.Build();
app.MapVendorSimulators();
app.Run();
