var builder = WebApplication.CreateBuilder(args);
var app = builder.Build();
app.MapGet("/", () => "Sales Insight Actions");
app.Run();

public partial class Program;
