using BootstrapPortal.Web.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddPortalLogging();
builder.Services.AddPortalCluster(builder.Configuration);
builder.Services.AddPortalUi(builder.Configuration);

var app = builder.Build();
app.UsePortal();
await app.RunAsync();
