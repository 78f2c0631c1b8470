using System.Text;
using System.Text.Json;
using k8s;
using k8s.Models;

namespace BootstrapPortal.Sandbox.Tests;

[Collection(SandboxCollection.Name)]
public sealed class TableTests(SandboxFixture fixture)
{
    private readonly Kubernetes admin = fixture.Admin;

    private async Task<JsonElement> GetTableAsync(string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(admin.BaseUri, path));
        request.Headers.TryAddWithoutValidation("Accept", "application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json");
        using var response = await admin.HttpClient.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    private static string[] Columns(JsonElement table) =>
        [.. table.GetProperty("columnDefinitions").EnumerateArray().Where(c => c.GetProperty("priority").GetInt32() == 0).Select(c => c.GetProperty("name").GetString()!)];

    [Fact]
    public async Task Csr_table_shows_condition_and_requested_duration()
    {
        var name = TestNames.Unique("tcsr");
        var created = await admin.CertificatesV1.CreateCertificateSigningRequestAsync(TestHelpers.KubeletClientCsr(name, expirationSeconds: 3600));
        created.Status = new V1CertificateSigningRequestStatus { Conditions = [new V1CertificateSigningRequestCondition { Type = "Approved", Status = "True" }] };
        var approved = await admin.CertificatesV1.ReplaceCertificateSigningRequestApprovalAsync(created, name);
        approved.Status.Certificate = Encoding.ASCII.GetBytes(fixture.Cluster.CertificateAuthority.SignRequestPem(
            Encoding.ASCII.GetString(approved.Spec.Request), approved.Spec.Usages, DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddHours(1)));
        await admin.CertificatesV1.ReplaceCertificateSigningRequestStatusAsync(approved, name);

        var table = await GetTableAsync("/apis/certificates.k8s.io/v1/certificatesigningrequests/" + name);
        Assert.Equal("Table", table.GetProperty("kind").GetString());
        Assert.Equal("meta.k8s.io/v1", table.GetProperty("apiVersion").GetString());
        Assert.Equal(["Name", "Age", "SignerName", "Requestor", "RequestedDuration", "Condition"], Columns(table));
        var cells = table.GetProperty("rows")[0].GetProperty("cells").EnumerateArray().Select(c => c.ToString()).ToArray();
        Assert.Equal(name, cells[0]);
        Assert.Equal("kubernetes.io/kube-apiserver-client-kubelet", cells[2]);
        Assert.Equal("kubernetes-admin", cells[3]);
        Assert.Equal("60m", cells[4]);
        Assert.Equal("Approved,Issued", cells[5]);
        Assert.Equal("PartialObjectMetadata", table.GetProperty("rows")[0].GetProperty("object").GetProperty("kind").GetString());
    }

    [Fact]
    public async Task Node_and_secret_tables_use_the_kubectl_columns()
    {
        Assert.Equal(["Name", "Status", "Roles", "Age", "Version"], Columns(await GetTableAsync("/api/v1/nodes")));
        var secrets = await GetTableAsync("/api/v1/namespaces/kube-system/secrets");
        Assert.Equal(["Name", "Type", "Data", "Age"], Columns(secrets));
        Assert.Equal(["Name", "Role", "Age"], Columns(await GetTableAsync("/apis/rbac.authorization.k8s.io/v1/clusterrolebindings")));
        Assert.Equal(["Name", "Role", "Age"], Columns(await GetTableAsync("/apis/rbac.authorization.k8s.io/v1/namespaces/kube-public/rolebindings")));
        Assert.Equal(["Name", "Created At"], Columns(await GetTableAsync("/apis/rbac.authorization.k8s.io/v1/clusterroles")));
        Assert.Equal(["Name", "Data", "Age"], Columns(await GetTableAsync("/api/v1/namespaces/kube-public/configmaps")));
    }

    [Fact]
    public async Task Event_field_selectors_used_by_kubectl_describe_work()
    {
        var name = TestNames.Unique("ev");
        await admin.CoreV1.CreateNamespacedEventAsync(new Corev1Event
        {
            Metadata = new V1ObjectMeta { Name = name },
            InvolvedObject = new V1ObjectReference { Kind = "CertificateSigningRequest", Name = "csr-x" },
            Reason = "Issued",
            Type = "Normal",
            Message = "certificate issued",
        }, "default");
        var events = await admin.CoreV1.ListNamespacedEventAsync("default", fieldSelector: "involvedObject.name=csr-x,involvedObject.kind=CertificateSigningRequest");
        Assert.Equal(name, events.Items.Single().Metadata.Name);
        Assert.Empty((await admin.CoreV1.ListNamespacedEventAsync("default", fieldSelector: "involvedObject.name=other")).Items);
    }
}
