using System.Net;
using System.Text;
using k8s;
using k8s.Models;

namespace BootstrapPortal.Sandbox.Tests;

[Collection(SandboxCollection.Name)]
public sealed class CsrTests(SandboxFixture fixture)
{
    private readonly Kubernetes admin = fixture.Admin;

    private static V1CertificateSigningRequestCondition Condition(string type) =>
        new() { Type = type, Status = "True", Reason = "Test", Message = "by test" };

    [Fact]
    public async Task Create_fills_requester_and_ignores_status()
    {
        var name = TestNames.Unique("csr");
        var csr = TestHelpers.KubeletClientCsr(name);
        csr.Spec.Username = "mallory";
        csr.Spec.Groups = ["system:masters"];
        csr.Status = new V1CertificateSigningRequestStatus { Conditions = [Condition("Approved")], Certificate = Encoding.ASCII.GetBytes("x") };
        using var client = fixture.ClientFor("alice", "team-a");
        await admin.RbacAuthorizationV1.CreateClusterRoleBindingAsync(new V1ClusterRoleBinding
        {
            Metadata = new V1ObjectMeta { Name = TestNames.Unique("alice-csr") },
            RoleRef = new V1RoleRef { ApiGroup = "rbac.authorization.k8s.io", Kind = "ClusterRole", Name = "system:node-bootstrapper" },
            Subjects = [new Rbacv1Subject { Kind = "User", Name = "alice", ApiGroup = "rbac.authorization.k8s.io" }],
        });
        var created = await client.CertificatesV1.CreateCertificateSigningRequestAsync(csr);
        Assert.Equal("alice", created.Spec.Username);
        Assert.Equal(["team-a", "system:authenticated"], created.Spec.Groups);
        Assert.StartsWith("X509SHA256=", created.Spec.Extra["authentication.kubernetes.io/credential-id"].Single(), StringComparison.Ordinal);
        Assert.Null(created.Status?.Conditions);
        Assert.Null(created.Status?.Certificate);
    }

    [Fact]
    public async Task Approval_sets_timestamps_and_main_update_cannot_touch_status_or_spec()
    {
        var name = TestNames.Unique("csr");
        var created = await admin.CertificatesV1.CreateCertificateSigningRequestAsync(TestHelpers.KubeletClientCsr(name));
        created.Status = new V1CertificateSigningRequestStatus { Conditions = [Condition("Approved")] };
        var approved = await admin.CertificatesV1.ReplaceCertificateSigningRequestApprovalAsync(created, name);
        var condition = approved.Status.Conditions.Single();
        Assert.NotNull(condition.LastUpdateTime);
        Assert.NotNull(condition.LastTransitionTime);

        approved.Status.Conditions = [];
        approved.Spec.SignerName = "example.com/other";
        approved.Metadata.Labels = new Dictionary<string, string> { ["seen"] = "yes" };
        var updated = await admin.CertificatesV1.ReplaceCertificateSigningRequestAsync(approved, name);
        Assert.Equal("yes", updated.Metadata.Labels["seen"]);
        Assert.Equal("Approved", updated.Status.Conditions.Single().Type);
        Assert.Equal("kubernetes.io/kube-apiserver-client-kubelet", updated.Spec.SignerName);
    }

    [Fact]
    public async Task Approved_and_denied_are_mutually_exclusive_and_conditions_cannot_be_removed()
    {
        var name = TestNames.Unique("csr");
        var created = await admin.CertificatesV1.CreateCertificateSigningRequestAsync(TestHelpers.KubeletClientCsr(name));
        created.Status = new V1CertificateSigningRequestStatus { Conditions = [Condition("Approved"), Condition("Denied")] };
        var both = await TestHelpers.FailsWith((HttpStatusCode)422, () => admin.CertificatesV1.ReplaceCertificateSigningRequestApprovalAsync(created, name));
        Assert.Equal("Invalid", both.Reason());
        Assert.Equal($"CertificateSigningRequest.certificates.k8s.io \"{name}\" is invalid: status.conditions[1].type: Invalid value: \"Denied\": Approved and Denied conditions are mutually exclusive", both.Message());
        Assert.Equal("CertificateSigningRequest", both.GetProperty("details").GetProperty("kind").GetString());
        var cause = both.GetProperty("details").GetProperty("causes")[0];
        Assert.Equal("FieldValueInvalid", cause.GetProperty("reason").GetString());
        Assert.Equal("status.conditions[1].type", cause.GetProperty("field").GetString());

        created.Status.Conditions = [Condition("Denied")];
        var denied = await admin.CertificatesV1.ReplaceCertificateSigningRequestApprovalAsync(created, name);
        denied.Status.Conditions = [];
        var removed = await TestHelpers.FailsWith((HttpStatusCode)422, () => admin.CertificatesV1.ReplaceCertificateSigningRequestApprovalAsync(denied, name));
        Assert.Equal($"CertificateSigningRequest.certificates.k8s.io \"{name}\" is invalid: status.conditions: Forbidden: updates may not remove a condition of type \"Denied\"", removed.Message());
    }

    [Fact]
    public async Task Status_subresource_sets_certificate_once_and_cannot_change_approval()
    {
        var name = TestNames.Unique("csr");
        var created = await admin.CertificatesV1.CreateCertificateSigningRequestAsync(TestHelpers.KubeletClientCsr(name));
        created.Status = new V1CertificateSigningRequestStatus { Conditions = [Condition("Approved")] };
        var approved = await admin.CertificatesV1.ReplaceCertificateSigningRequestApprovalAsync(created, name);
        var pem = fixture.Cluster.CertificateAuthority.SignRequestPem(Encoding.ASCII.GetString(approved.Spec.Request), approved.Spec.Usages,
            DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));

        // k/k pkg/registry/certificates/certificates/strategy.go: /status keeps Approved/Denied instances only when the request has as
        // many as the object; adding or removing one is refused, never silently dropped.
        var removed = await TestHelpers.FailsWith((HttpStatusCode)422, () => admin.CertificatesV1.ReplaceCertificateSigningRequestStatusAsync(
            new V1CertificateSigningRequest { Metadata = approved.Metadata, Spec = approved.Spec, Status = new V1CertificateSigningRequestStatus { Conditions = [] } }, name));
        Assert.EndsWith("status.conditions: Forbidden: updates may not remove a condition of type \"Approved\"", removed.Message(), StringComparison.Ordinal);
        var denied = await TestHelpers.FailsWith((HttpStatusCode)422, () => admin.CertificatesV1.ReplaceCertificateSigningRequestStatusAsync(
            new V1CertificateSigningRequest { Metadata = approved.Metadata, Spec = approved.Spec, Status = new V1CertificateSigningRequestStatus { Conditions = [.. approved.Status.Conditions, Condition("Denied")] } }, name));
        Assert.Contains("updates may not add a condition of type \"Denied\"", denied.Message(), StringComparison.Ordinal);

        approved.Status.Certificate = Encoding.ASCII.GetBytes(pem);
        approved.Status.Conditions[0].Message = "changed through /status";
        var issued = await admin.CertificatesV1.ReplaceCertificateSigningRequestStatusAsync(approved, name);
        Assert.NotEqual("changed through /status", issued.Status.Conditions.Single().Message);
        Assert.Equal(pem, Encoding.ASCII.GetString(issued.Status.Certificate));
        Assert.Equal("Approved", issued.Status.Conditions.Single().Type);

        issued.Status.Certificate = Encoding.ASCII.GetBytes(fixture.Cluster.CaCertificatePem);
        var changed = await TestHelpers.FailsWith((HttpStatusCode)422, () => admin.CertificatesV1.ReplaceCertificateSigningRequestStatusAsync(issued, name));
        Assert.EndsWith("status.certificate: Forbidden: updates may not modify existing certificate content", changed.Message(), StringComparison.Ordinal);

        var fresh = await admin.CertificatesV1.ReadCertificateSigningRequestAsync(name);
        fresh.Status.Conditions.Add(Condition("Failed"));
        var failed = await admin.CertificatesV1.ReplaceCertificateSigningRequestStatusAsync(fresh, name);
        Assert.Equal(["Approved", "Failed"], failed.Status.Conditions.Select(c => c.Type));

        var badCertificate = await admin.CertificatesV1.CreateCertificateSigningRequestAsync(TestHelpers.KubeletClientCsr(name + "-b"));
        badCertificate.Status = new V1CertificateSigningRequestStatus { Certificate = Encoding.ASCII.GetBytes("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n") };
        var bad = await TestHelpers.FailsWith((HttpStatusCode)422, () => admin.CertificatesV1.ReplaceCertificateSigningRequestStatusAsync(badCertificate, name + "-b"));
        Assert.EndsWith("status.certificate: Invalid value: \"<certificate data>\": only CERTIFICATE PEM blocks are allowed, found \"PRIVATE KEY\"", bad.Message(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validation_messages_match_the_api_server()
    {
        async Task<string> Invalid(Action<V1CertificateSigningRequest> mutate)
        {
            var name = TestNames.Unique("bad");
            var csr = TestHelpers.KubeletClientCsr(name);
            mutate(csr);
            var status = await TestHelpers.FailsWith((HttpStatusCode)422, () => admin.CertificatesV1.CreateCertificateSigningRequestAsync(csr));
            var prefix = $"CertificateSigningRequest.certificates.k8s.io \"{name}\" is invalid: ";
            Assert.StartsWith(prefix, status.Message(), StringComparison.Ordinal);
            return status.Message()[prefix.Length..];
        }

        Assert.Equal("spec.expirationSeconds: Invalid value: 300: may not specify a duration less than 600 seconds (10 minutes)",
            await Invalid(c => c.Spec.ExpirationSeconds = 300));
        Assert.Equal("spec.signerName: Required value", await Invalid(c => c.Spec.SignerName = null));
        Assert.Equal("spec.signerName: Invalid value: \"kubernetes.io/legacy-unknown\": the legacy signerName is not allowed via this API version",
            await Invalid(c => c.Spec.SignerName = "kubernetes.io/legacy-unknown"));
        Assert.Equal("spec.signerName: Invalid value: \"my-signer\": must be a fully qualified domain and path of the form 'example.com/signer-name'",
            await Invalid(c => c.Spec.SignerName = "my-signer"));
        Assert.Equal("spec.signerName: Invalid value: \"example\": should be a domain with at least two segments separated by dots",
            await Invalid(c => c.Spec.SignerName = "example/signer"));
        Assert.Equal("spec.usages: Required value", await Invalid(c => c.Spec.Usages = []));
        Assert.StartsWith("spec.usages[1]: Unsupported value: \"nonsense\": supported values: \"any\", \"cert sign\"",
            await Invalid(c => c.Spec.Usages = ["client auth", "nonsense"]), StringComparison.Ordinal);
        Assert.Equal("spec.usages[1]: Duplicate value: \"client auth\"", await Invalid(c => c.Spec.Usages = ["client auth", "client auth"]));
        Assert.EndsWith(": PEM block type must be CERTIFICATE REQUEST", await Invalid(c => c.Spec.Request = Encoding.ASCII.GetBytes("hello")), StringComparison.Ordinal);
        Assert.StartsWith("spec.request: Invalid value: []byte{0x68, 0x65, 0x6c, 0x6c, 0x6f}", await Invalid(c => c.Spec.Request = Encoding.ASCII.GetBytes("hello")), StringComparison.Ordinal);
        Assert.StartsWith("[spec.expirationSeconds: Invalid value: 1", await Invalid(c =>
        {
            c.Spec.ExpirationSeconds = 1;
            c.Spec.Usages = [];
        }).ContinueWith(t => t.Result.Replace("[spec.usages: Required value, ", "[", StringComparison.Ordinal), TaskScheduler.Default), StringComparison.Ordinal);

        var masters = TestHelpers.KubeletClientCsr(TestNames.Unique("masters"));
        masters.Spec.Request = TestHelpers.CsrPem("eve", "system:masters");
        masters.Spec.SignerName = "kubernetes.io/kube-apiserver-client";
        var forbidden = await TestHelpers.FailsWith(HttpStatusCode.Forbidden, () => admin.CertificatesV1.CreateCertificateSigningRequestAsync(masters));
        Assert.EndsWith("is forbidden: use of kubernetes.io/kube-apiserver-client signer with system:masters group is not allowed", forbidden.Message(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Approving_needs_approve_on_the_signer_and_patch_needs_the_patch_verb()
    {
        var name = TestNames.Unique("csr");
        await admin.CertificatesV1.CreateCertificateSigningRequestAsync(TestHelpers.KubeletClientCsr(name));
        var roleName = TestNames.Unique("approver");
        await admin.RbacAuthorizationV1.CreateClusterRoleAsync(new V1ClusterRole
        {
            Metadata = new V1ObjectMeta { Name = roleName },
            Rules =
            [
                new V1PolicyRule { Verbs = ["get", "update"], ApiGroups = ["certificates.k8s.io"], Resources = ["certificatesigningrequests", "certificatesigningrequests/approval"] },
            ],
        });
        await admin.RbacAuthorizationV1.CreateClusterRoleBindingAsync(new V1ClusterRoleBinding
        {
            Metadata = new V1ObjectMeta { Name = roleName },
            RoleRef = new V1RoleRef { ApiGroup = "rbac.authorization.k8s.io", Kind = "ClusterRole", Name = roleName },
            Subjects = [new Rbacv1Subject { Kind = "User", Name = "approver-bob", ApiGroup = "rbac.authorization.k8s.io" }],
        });
        using var bob = fixture.ClientFor("approver-bob");
        var csr = await bob.CertificatesV1.ReadCertificateSigningRequestAsync(name);
        csr.Status = new V1CertificateSigningRequestStatus { Conditions = [Condition("Approved")] };
        var noSigner = await TestHelpers.FailsWith(HttpStatusCode.Forbidden, () => bob.CertificatesV1.ReplaceCertificateSigningRequestApprovalAsync(csr, name));
        Assert.Equal($"certificatesigningrequests.certificates.k8s.io \"{name}\" is forbidden: user not permitted to approve requests with signerName \"kubernetes.io/kube-apiserver-client-kubelet\"", noSigner.Message());

        await admin.RbacAuthorizationV1.CreateClusterRoleBindingAsync(new V1ClusterRoleBinding
        {
            Metadata = new V1ObjectMeta { Name = roleName + "-signer" },
            RoleRef = new V1RoleRef { ApiGroup = "rbac.authorization.k8s.io", Kind = "ClusterRole", Name = "system:certificates.k8s.io:kube-apiserver-client-kubelet-approver" },
            Subjects = [new Rbacv1Subject { Kind = "User", Name = "approver-bob", ApiGroup = "rbac.authorization.k8s.io" }],
        });
        var patch = new V1Patch("""[{"op":"add","path":"/status/conditions","value":[{"type":"Approved","status":"True","reason":"R","message":"M"}]}]""", V1Patch.PatchType.JsonPatch);
        var patchForbidden = await TestHelpers.FailsWith(HttpStatusCode.Forbidden, () => bob.CertificatesV1.PatchCertificateSigningRequestApprovalAsync(patch, name));
        Assert.Equal($"certificatesigningrequests.certificates.k8s.io \"{name}\" is forbidden: User \"approver-bob\" cannot patch resource \"certificatesigningrequests/approval\" in API group \"certificates.k8s.io\" at the cluster scope", patchForbidden.Message());

        var approved = await bob.CertificatesV1.ReplaceCertificateSigningRequestApprovalAsync(csr, name);
        Assert.Equal("Approved", approved.Status.Conditions.Single().Type);

        csr = await admin.CertificatesV1.ReadCertificateSigningRequestAsync(name);
        csr.Status.Certificate = Encoding.ASCII.GetBytes(fixture.Cluster.CaCertificatePem);
        using var signerless = fixture.ClientFor("signerless", "system:masters-not");
        await admin.RbacAuthorizationV1.CreateClusterRoleBindingAsync(new V1ClusterRoleBinding
        {
            Metadata = new V1ObjectMeta { Name = roleName + "-status" },
            RoleRef = new V1RoleRef { ApiGroup = "rbac.authorization.k8s.io", Kind = "ClusterRole", Name = "cluster-admin-lite-" + roleName },
            Subjects = [new Rbacv1Subject { Kind = "User", Name = "signerless", ApiGroup = "rbac.authorization.k8s.io" }],
        });
        await admin.RbacAuthorizationV1.CreateClusterRoleAsync(new V1ClusterRole
        {
            Metadata = new V1ObjectMeta { Name = "cluster-admin-lite-" + roleName },
            Rules = [new V1PolicyRule { Verbs = ["update"], ApiGroups = ["certificates.k8s.io"], Resources = ["certificatesigningrequests/status"] }],
        });
        var noSign = await TestHelpers.FailsWith(HttpStatusCode.Forbidden, () => signerless.CertificatesV1.ReplaceCertificateSigningRequestStatusAsync(csr, name));
        Assert.EndsWith("is forbidden: user not permitted to sign requests with signerName \"kubernetes.io/kube-apiserver-client-kubelet\"", noSign.Message(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Json_patch_on_approval_like_the_official_example()
    {
        var name = TestNames.Unique("csr");
        await admin.CertificatesV1.CreateCertificateSigningRequestAsync(TestHelpers.KubeletClientCsr(name));
        var patch = new V1Patch("""[{"op":"add","path":"/status/conditions","value":[{"type":"Approved","status":"True","reason":"Sample","message":"ok","lastUpdateTime":"2026-03-02T12:05:30.123456Z"}]}]""", V1Patch.PatchType.JsonPatch);
        var approved = await admin.CertificatesV1.PatchCertificateSigningRequestApprovalAsync(patch, name);
        var condition = approved.Status.Conditions.Single();
        Assert.Equal("Approved", condition.Type);
        Assert.NotNull(condition.LastTransitionTime);
        var listed = await admin.CertificatesV1.ListCertificateSigningRequestAsync(fieldSelector: "spec.signerName=kubernetes.io/kube-apiserver-client-kubelet");
        Assert.Contains(listed.Items, i => i.Metadata.Name == name);
    }
}
