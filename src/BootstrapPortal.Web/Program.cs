using BootstrapPortal.Core.Persistence;
using BootstrapPortal.Web.Hosting;
using BootstrapPortal.Web.Security;

var builder = WebApplication.CreateBuilder(args);
builder.AddPortalLogging();
builder.ExitCleanlyWhenStartIsRefused();
builder.Services.AddPortalSecurity(builder.Configuration);
builder.Services.AddPortalDatabase(builder.Configuration);
builder.Services.AddPortalCluster(builder.Configuration);
builder.Services.AddPortalUi(builder.Configuration);
builder.Services.AddPortalLocalization();

var app = builder.Build();
if (PortalCommands.IsMigrate(args))
{
    return await app.RunMigrateAsync();
}

app.UsePortal();
await app.RunAsync();
return 0;
