using System.Diagnostics;
using System.Text;

namespace BootstrapPortal.Sandbox.Tests;

/// <summary>The real kubectl against the sandbox with the admin kubeconfig the sandbox wrote.</summary>
[Collection(SandboxCollection.Name)]
public sealed class KubectlTests(SandboxFixture fixture)
{
    private const string Kubectl = KubectlRunner.Kubectl;

    private Task<(int ExitCode, string Output, string Error)> RunAsync(params string[] args) =>
        KubectlRunner.RunAsync(fixture.Cluster.KubeconfigPath, Kubectl, args);

    private async Task<string> OkAsync(params string[] args)
    {
        var (code, output, error) = await RunAsync(args);
        Assert.True(code == 0, $"kubectl {string.Join(' ', args)} failed ({code}): {error}");
        return output;
    }

    private string WriteManifest(string yaml)
    {
        var path = Path.Combine(Path.GetDirectoryName(fixture.Cluster.KubeconfigPath)!, TestNames.Unique("manifest") + ".yaml");
        File.WriteAllText(path, yaml);
        return path;
    }

    private string CsrManifest(string name) => WriteManifest($"""
        apiVersion: certificates.k8s.io/v1
        kind: CertificateSigningRequest
        metadata:
          name: {name}
        spec:
          request: {Convert.ToBase64String(TestHelpers.CsrPem("system:node:" + name, "system:nodes"))}
          signerName: kubernetes.io/kube-apiserver-client-kubelet
          expirationSeconds: 86400
          usages:
          - digital signature
          - client auth
        """);

    [Fact]
    public async Task Kubeconfig_is_private_and_kubectl_reaches_the_server()
    {
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(fixture.Cluster.KubeconfigPath));
        }

        var version = await OkAsync("version", "-o", "json");
        Assert.Contains("\"gitVersion\": \"v1.33.", version, StringComparison.Ordinal);
        var whoami = await OkAsync("auth", "whoami");
        Assert.Contains("kubernetes-admin", whoami, StringComparison.Ordinal);
        Assert.Contains("system:masters", whoami, StringComparison.Ordinal);
        var resources = await OkAsync("api-resources");
        Assert.Contains("certificatesigningrequests", resources, StringComparison.Ordinal);
        var all = await OkAsync("get", "csr,nodes,secrets", "-A");
        Assert.NotNull(all);
    }

    [Fact]
    public async Task Create_get_approve_deny_and_delete_csrs()
    {
        var approve = TestNames.Unique("kcsr");
        var deny = TestNames.Unique("kcsr");
        Assert.Contains($"certificatesigningrequest.certificates.k8s.io/{approve} created", await OkAsync("create", "-f", CsrManifest(approve)), StringComparison.Ordinal);
        await OkAsync("create", "-f", CsrManifest(deny));
        var table = await OkAsync("get", "csr", approve);
        var lines = table.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Matches(@"^NAME\s+AGE\s+SIGNERNAME\s+REQUESTOR\s+REQUESTEDDURATION\s+CONDITION$", lines[0]);
        Assert.Matches($@"^{approve}\s+\S+\s+kubernetes.io/kube-apiserver-client-kubelet\s+kubernetes-admin\s+24h\s+Pending$", lines[1]);

        Assert.Contains("approved", await OkAsync("certificate", "approve", approve), StringComparison.Ordinal);
        Assert.Contains("denied", await OkAsync("certificate", "deny", deny), StringComparison.Ordinal);
        Assert.Matches(@"\sApproved\s*$", (await OkAsync("get", "csr", approve, "--no-headers")).Trim());
        Assert.Matches(@"\sDenied\s*$", (await OkAsync("get", "csr", deny, "--no-headers")).Trim());
        var reason = await OkAsync("get", "csr", approve, "-o", "jsonpath={.status.conditions[0].reason}");
        Assert.Equal("KubectlApprove", reason);

        var selected = await OkAsync("get", "csr", "--field-selector", "spec.signerName=kubernetes.io/kube-apiserver-client-kubelet", "-o", "name");
        Assert.Contains("certificatesigningrequest.certificates.k8s.io/" + approve, selected, StringComparison.Ordinal);
        var (code, _, error) = await RunAsync("get", "csr", "--field-selector", "spec.nothing=x");
        Assert.NotEqual(0, code);
        Assert.Contains("field label not supported: spec.nothing", error, StringComparison.Ordinal);

        Assert.Contains("deleted", await OkAsync("delete", "csr", approve, deny), StringComparison.Ordinal);
        var (notFoundCode, _, notFound) = await RunAsync("get", "csr", approve);
        Assert.NotEqual(0, notFoundCode);
        Assert.Contains($"certificatesigningrequests.certificates.k8s.io \"{approve}\" not found", notFound, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_with_server_side_strict_validation()
    {
        var name = TestNames.Unique("kcm");
        var good = WriteManifest($"""
            apiVersion: v1
            kind: Secret
            metadata:
              name: {name}
              namespace: default
            type: Opaque
            stringData:
              key: value
            """);
        await OkAsync("create", "-f", good);
        Assert.Equal("Opaque 1", (await OkAsync("get", "secret", name, "-n", "default", "--no-headers")).Split(' ', StringSplitOptions.RemoveEmptyEntries)[1..3].Aggregate((a, b) => a + " " + b));
        Assert.Equal("dmFsdWU=", await OkAsync("get", "secret", name, "-n", "default", "-o", "jsonpath={.data.key}"));
        var bad = WriteManifest($"""
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: {name}
              namespace: default
            foo: bar
            """);
        var (code, _, error) = await RunAsync("create", "-f", bad);
        Assert.NotEqual(0, code);
        Assert.Contains("strict decoding error: unknown field \"foo\"", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Auth_can_i_with_impersonation()
    {
        Assert.Equal("yes", (await RunAsync("auth", "can-i", "create", "certificatesigningrequests.certificates.k8s.io",
            "--as", "system:bootstrap:abcdef", "--as-group", "system:bootstrappers:kubeadm:default-node-token")).Output.Trim());
        var (code, output, _) = await RunAsync("auth", "can-i", "list", "secrets", "-n", "kube-system", "--as", "system:bootstrap:abcdef",
            "--as-group", "system:bootstrappers:kubeadm:default-node-token");
        Assert.Equal(1, code);
        Assert.Equal("no", output.Trim());
        // Like a real cluster: system:anonymous is not in system:authenticated, so it may not even ask (no system:basic-user).
        var (anonymousCode, _, anonymousError) = await RunAsync("auth", "can-i", "get", "configmaps/cluster-info", "-n", "kube-public", "--as", "system:anonymous");
        Assert.NotEqual(0, anonymousCode);
        Assert.Contains("User \"system:anonymous\" cannot create resource \"selfsubjectaccessreviews\"", anonymousError, StringComparison.Ordinal);
        Assert.Equal("yes", (await OkAsync("auth", "can-i", "get", "configmaps/cluster-info", "-n", "kube-public", "--as", "system:anonymous",
            "--as-group", "system:authenticated")).Trim());
        Assert.Equal("no", (await RunAsync("auth", "can-i", "get", "configmaps/other", "-n", "kube-public", "--as", "system:anonymous",
            "--as-group", "system:authenticated")).Output.Trim());
        var whoami = await OkAsync("auth", "whoami", "--as", "system:node:w5", "--as-group", "system:nodes");
        Assert.Contains("system:node:w5", whoami, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_watch_prints_changes_as_they_happen()
    {
        var ns = TestNames.Unique("kw");
        await OkAsync("create", "namespace", ns);
        await OkAsync("create", "configmap", "first", "-n", ns, "--from-literal=a=b");
        var start = new ProcessStartInfo(Kubectl) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { "--kubeconfig", fixture.Cluster.KubeconfigPath, "get", "configmaps", "-n", ns, "-w" })
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            var lines = new List<string>();
            var header = await process.StandardOutput.ReadLineAsync(timeout.Token);
            Assert.Matches(@"^NAME\s+DATA\s+AGE$", header);
            lines.Add((await process.StandardOutput.ReadLineAsync(timeout.Token))!);
            await OkAsync("create", "configmap", "second", "-n", ns, "--from-literal=x=y", "--from-literal=z=w");
            lines.Add((await process.StandardOutput.ReadLineAsync(timeout.Token))!);
            Assert.Matches(@"^first\s+1\s+", lines[0]);
            Assert.Matches(@"^second\s+2\s+", lines[1]);
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        await OkAsync("create", "clusterrolebinding", ns + "-crb", "--clusterrole=system:node-bootstrapper", "--user=kw-user");
        Assert.Equal("yes", (await OkAsync("auth", "can-i", "create", "csr", "--as", "kw-user")).Trim());
        await OkAsync("create", "secret", "generic", "s1", "-n", ns, "--from-literal=k=v");
        Assert.Equal("dg==", await OkAsync("get", "secret", "s1", "-n", ns, "-o", "jsonpath={.data.k}"));
        await OkAsync("delete", "namespace", ns);
        await OkAsync("delete", "clusterrolebinding", ns + "-crb");
    }
}
