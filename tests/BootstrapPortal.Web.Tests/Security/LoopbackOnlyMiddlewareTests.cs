using System.Net;
using BootstrapPortal.Web.Security;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace BootstrapPortal.Web.Tests.Security;

public class LoopbackOnlyMiddlewareTests
{
    private static async Task<(int Status, bool NextCalled)> Run(string remote, string path, bool allowRemote = false)
    {
        var nextCalled = false;
        var middleware = new LoopbackOnlyMiddleware(
            _ => { nextCalled = true; return Task.CompletedTask; },
            Options.Create(new SecurityOptions { AllowRemoteAnonymous = allowRemote }),
            NullLogger<LoopbackOnlyMiddleware>.Instance);
        var services = new ServiceCollection().AddLogging().AddProblemDetails().BuildServiceProvider();
        var context = new DefaultHttpContext { RequestServices = services };
        context.Connection.RemoteIpAddress = IPAddress.Parse(remote);
        context.Request.Path = path;
        context.Response.Body = new MemoryStream();
        await middleware.InvokeAsync(context);
        return (context.Response.StatusCode, nextCalled);
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("127.5.6.7")]
    [InlineData("::1")]
    [InlineData("::ffff:127.0.0.1")]
    public async Task Loopback_clients_are_served(string remote)
    {
        var (_, next) = await Run(remote, "/");
        Assert.True(next);
    }

    [Theory]
    [InlineData("10.1.2.3", "/")]
    [InlineData("192.168.1.20", "/csrs")]
    [InlineData("2001:db8::1", "/api/v1/bootstrap-tokens")]
    public async Task Remote_clients_are_refused_without_login(string remote, string path)
    {
        var (status, next) = await Run(remote, path);
        Assert.Equal(403, status);
        Assert.False(next);
    }

    [Theory]
    [InlineData("/healthz")]
    [InlineData("/readyz")]
    public async Task Probes_stay_open(string path)
    {
        var (_, next) = await Run("10.1.2.3", path);
        Assert.True(next);
    }

    [Fact]
    public async Task Explicit_opt_in_serves_remote_clients()
    {
        var (_, next) = await Run("10.1.2.3", "/", allowRemote: true);
        Assert.True(next);
    }
}
