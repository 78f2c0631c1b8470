using BootstrapPortal.Web.Hosting;
using BootstrapPortal.Web.Security;

var builder = WebApplication.CreateBuilder(args);
builder.AddPortalLogging();
builder.ExitCleanlyWhenStartIsRefused();
builder.Services.AddPortalSecurity(builder.Configuration);
builder.Services.AddPortalCluster(builder.Configuration);
builder.Services.AddPortalUi(builder.Configuration);

var app = builder.Build();
app.UsePortal();
await app.RunAsync();
