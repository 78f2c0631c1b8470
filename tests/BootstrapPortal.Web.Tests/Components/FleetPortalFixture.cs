using System.Net;
using BootstrapPortal.Core.Cache;
using BootstrapPortal.Core.Csrs;
using BootstrapPortal.Tests.Shared;
using k8s;
using k8s.Models;
using Microsoft.Extensions.DependencyInjection;

namespace BootstrapPortal.Web.Tests.Components;

/// <summary>
/// The real portal on its embedded sandbox with a preloaded fleet of 5,000 CSRs (kubelet client, serving and bad requests,
/// signed by the sandbox CA), its cache synced; the official client with the sandbox's admin kubeconfig changes objects.
/// </summary>
public sealed class FleetPortalFixture : IAsyncLifetime
{
    public const int Csrs = 5000;

    public PortalServer Server { get; } = new(new Dictionary<string, string?>
    {
        ["Sandbox:Nodes"] = "0",
        ["Sandbox:DemoMisfits"] = "false",
        ["Sandbox:ServingCertificates"] = "false",
        ["Sandbox:Fleet:Nodes"] = "400",
        ["Sandbox:Fleet:IssuedCsrs"] = "4000",
        ["Sandbox:Fleet:PendingCsrs"] = "1000",
        ["Sandbox:Fleet:Seed"] = "7",
    });

    public IKubernetes Client { get; private set; } = null!;

    public CsrCatalog Catalog => Server.Services.GetRequiredService<CsrCatalog>();

    public async Task InitializeAsync()
    {
        using var http = new HttpClient { BaseAddress = Server.Start(), Timeout = TimeSpan.FromMinutes(2) };
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(6);
        while ((await http.GetAsync(new Uri("/readyz", UriKind.Relative))).StatusCode != HttpStatusCode.OK)
        {
            Assert.True(DateTime.UtcNow < deadline, "the portal became ready with its fleet");
            await Task.Delay(250);
        }

        var cache = Server.Services.GetRequiredService<ClusterCache>();
        while (cache.CertificateSigningRequests.Count < Csrs || !Catalog.IsSynced)
        {
            Assert.True(DateTime.UtcNow < deadline, $"the cache holds {cache.CertificateSigningRequests.Count} CSRs");
            await Task.Delay(250);
        }

        var kubeconfig = Path.Combine(Server.DataDirectory, "sandbox-admin.kubeconfig");
        Client = new Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(kubeconfig));
    }

    /// <summary>Relabels a CSR through the API server and waits until the catalogue shows the new version.</summary>
    public async Task<string> RelabelAsync(string name, string value)
    {
        var patch = new V1Patch("{\"metadata\":{\"labels\":{\"bootstrapportal.test/touch\":\"" + value + "\"}}}", V1Patch.PatchType.MergePatch);
        var updated = await Client.CertificatesV1.PatchCertificateSigningRequestAsync(patch, name);
        var version = updated.Metadata.ResourceVersion;
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(1);
        while (Catalog.Get(name)?.View.ResourceVersion != version)
        {
            Assert.True(DateTime.UtcNow < deadline, $"the catalogue shows {name} at version {version}");
            await Task.Delay(20);
        }

        return version;
    }

    public async Task DisposeAsync()
    {
        Client?.Dispose();
        await Server.DisposeAsync();
    }
}
