using System.Net;
using System.Text.Json;
using k8s;
using k8s.Models;

namespace BootstrapPortal.Sandbox.Tests;

[Collection(SandboxCollection.Name)]
public sealed class AuthTests(SandboxFixture fixture)
{
    private readonly Kubernetes admin = fixture.Admin;

    private async Task<string> NewTokenAsync(DateTimeOffset? expiration, bool authentication = true, string groups = "system:bootstrappers:kubeadm:default-node-token")
    {
        var id = TestHelpers.RandomTokenPart(6);
        var secret = TestHelpers.RandomTokenPart(16);
        await admin.CoreV1.CreateNamespacedSecretAsync(TestHelpers.TokenSecret(id, secret, expiration, authentication, groups), "kube-system");
        return id + "." + secret;
    }

    private static async Task<V1SelfSubjectReview> WhoAmIAsync(Kubernetes client, Dictionary<string, List<string>>? headers = null)
    {
        var response = await client.AuthenticationV1.CreateSelfSubjectReviewWithHttpMessagesAsync(new V1SelfSubjectReview(), customHeaders: Headers(headers));
        return response.Body;
    }

    private static Dictionary<string, IReadOnlyList<string>>? Headers(Dictionary<string, List<string>>? headers) =>
        headers?.ToDictionary(h => h.Key, h => (IReadOnlyList<string>)h.Value);

    [Fact]
    public async Task Bootstrap_token_authenticates_as_the_bootstrap_user()
    {
        var token = await NewTokenAsync(DateTimeOffset.UtcNow.AddHours(1));
        using var client = new Kubernetes(fixture.Cluster.CreateTokenConfiguration(token));
        var review = await WhoAmIAsync(client);
        Assert.Equal("system:bootstrap:" + token[..6], review.Status.UserInfo.Username);
        Assert.Equal(["system:bootstrappers", "system:bootstrappers:kubeadm:default-node-token", "system:authenticated"], review.Status.UserInfo.Groups);

        var csr = await client.CertificatesV1.CreateCertificateSigningRequestAsync(TestHelpers.KubeletClientCsr(TestNames.Unique("boot")));
        Assert.Equal("system:bootstrap:" + token[..6], csr.Spec.Username);
        var forbidden = await TestHelpers.FailsWith(HttpStatusCode.Forbidden, () => client.CoreV1.ListNamespacedSecretAsync("kube-system"));
        Assert.Equal($"secrets is forbidden: User \"system:bootstrap:{token[..6]}\" cannot list resource \"secrets\" in API group \"\" in the namespace \"kube-system\"", forbidden.Message());
        Assert.Equal("Forbidden", forbidden.Reason());
        Assert.Equal("secrets", forbidden.GetProperty("details").GetProperty("kind").GetString());
        var node = await client.CoreV1.ListNodeAsync().ContinueWith(t => t.Exception, TaskScheduler.Default);
        Assert.NotNull(node);
    }

    [Fact]
    public async Task Rejected_tokens_get_401_Unauthorized()
    {
        var expired = await NewTokenAsync(DateTimeOffset.UtcNow.AddMinutes(-1));
        var noUsage = await NewTokenAsync(DateTimeOffset.UtcNow.AddHours(1), authentication: false);
        var badGroup = await NewTokenAsync(null, groups: "system:bootstrappers:ok, system:bootstrappers:spaced");
        var good = await NewTokenAsync(null);
        var wrongSecret = good[..7] + new string(good[7] == 'a' ? 'b' : 'a', 16);
        var deleting = await NewTokenAsync(null);
        var deletingSecret = await admin.CoreV1.ReadNamespacedSecretAsync("bootstrap-token-" + deleting[..6], "kube-system");
        deletingSecret.Metadata.Finalizers = ["example.com/hold"];
        await admin.CoreV1.ReplaceNamespacedSecretAsync(deletingSecret, deletingSecret.Metadata.Name, "kube-system");
        await admin.CoreV1.DeleteNamespacedSecretAsync(deletingSecret.Metadata.Name, "kube-system");

        foreach (var token in new[] { expired, noUsage, badGroup, wrongSecret, deleting, "zzzzzz.0123456789abcdef", "not-a-token" })
        {
            using var client = new Kubernetes(fixture.Cluster.CreateTokenConfiguration(token));
            var status = await TestHelpers.FailsWith(HttpStatusCode.Unauthorized, () => WhoAmIAsync(client));
            Assert.Equal("Unauthorized", status.Message());
            Assert.Equal("Unauthorized", status.Reason());
        }

        using var goodClient = new Kubernetes(fixture.Cluster.CreateTokenConfiguration(good));
        Assert.Equal("system:bootstrap:" + good[..6], (await WhoAmIAsync(goodClient)).Status.UserInfo.Username);

        var review = await admin.AuthenticationV1.CreateTokenReviewAsync(new V1TokenReview { Spec = new V1TokenReviewSpec { Token = good } });
        Assert.True(review.Status.Authenticated);
        Assert.Equal("system:bootstrap:" + good[..6], review.Status.User.Username);
        var rejected = await admin.AuthenticationV1.CreateTokenReviewAsync(new V1TokenReview { Spec = new V1TokenReviewSpec { Token = expired } });
        Assert.False(rejected.Status.Authenticated);
    }

    [Fact]
    public async Task Anonymous_can_read_cluster_info_and_version_but_nothing_else()
    {
        using var anonymous = new Kubernetes(fixture.Cluster.CreateAnonymousConfiguration());
        var clusterInfo = await anonymous.CoreV1.ReadNamespacedConfigMapAsync("cluster-info", "kube-public");
        Assert.True(clusterInfo.Data.ContainsKey("kubeconfig"));
        Assert.StartsWith("v1.33", (await anonymous.Version.GetCodeAsync()).GitVersion, StringComparison.Ordinal);
        var list = await TestHelpers.FailsWith(HttpStatusCode.Forbidden, () => anonymous.CoreV1.ListNamespacedConfigMapAsync("kube-public"));
        Assert.Equal("configmaps is forbidden: User \"system:anonymous\" cannot list resource \"configmaps\" in API group \"\" in the namespace \"kube-public\"", list.Message());
        var discovery = await TestHelpers.FailsWith(HttpStatusCode.Forbidden, () => anonymous.Apis.GetAPIVersionsAsync());
        Assert.Equal("forbidden: User \"system:anonymous\" cannot get path \"/apis/\"", discovery.Message());
        var csr = await TestHelpers.FailsWith(HttpStatusCode.Forbidden, () => anonymous.CertificatesV1.ReadCertificateSigningRequestAsync("x"));
        Assert.Equal("certificatesigningrequests.certificates.k8s.io \"x\" is forbidden: User \"system:anonymous\" cannot get resource \"certificatesigningrequests\" in API group \"certificates.k8s.io\" at the cluster scope", csr.Message());
    }

    [Fact]
    public async Task Certificates_from_another_ca_are_401()
    {
        using var otherCa = SandboxCertificateAuthority.Create();
        var (certificate, key) = otherCa.IssueClientCertificate("kubernetes-admin", ["system:masters"]);
        var config = fixture.Cluster.CreateAdminConfiguration();
        config.ClientCertificateData = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(certificate));
        config.ClientCertificateKeyData = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(key));
        using var client = new Kubernetes(config);
        await TestHelpers.FailsWith(HttpStatusCode.Unauthorized, () => client.CoreV1.ListNamespaceAsync());
    }

    [Fact]
    public async Task Impersonation_is_authorized_with_the_impersonate_verb()
    {
        var asNode = new Dictionary<string, List<string>> { ["Impersonate-User"] = ["system:node:w9"], ["Impersonate-Group"] = ["system:nodes"] };
        var review = await WhoAmIAsync(admin, asNode);
        Assert.Equal("system:node:w9", review.Status.UserInfo.Username);
        Assert.Equal(["system:nodes", "system:authenticated"], review.Status.UserInfo.Groups);

        var csr = (await admin.CertificatesV1.CreateCertificateSigningRequestWithHttpMessagesAsync(TestHelpers.KubeletClientCsr(TestNames.Unique("imp"), "w9"), customHeaders: Headers(asNode))).Body;
        Assert.Equal("system:node:w9", csr.Spec.Username);
        Assert.Equal(["system:nodes", "system:authenticated"], csr.Spec.Groups);

        using var alice = fixture.ClientFor("imp-alice");
        var forbidden = await TestHelpers.FailsWith(HttpStatusCode.Forbidden, () => WhoAmIAsync(alice, asNode));
        Assert.Equal("users \"system:node:w9\" is forbidden: User \"imp-alice\" cannot impersonate resource \"users\" in API group \"\" at the cluster scope", forbidden.Message());

        var roleName = TestNames.Unique("impersonator");
        await admin.RbacAuthorizationV1.CreateClusterRoleAsync(new V1ClusterRole
        {
            Metadata = new V1ObjectMeta { Name = roleName },
            Rules = [new V1PolicyRule { Verbs = ["impersonate"], ApiGroups = [""], Resources = ["users"], ResourceNames = ["system:node:w9"] }],
        });
        await admin.RbacAuthorizationV1.CreateClusterRoleBindingAsync(new V1ClusterRoleBinding
        {
            Metadata = new V1ObjectMeta { Name = roleName },
            RoleRef = new V1RoleRef { ApiGroup = "rbac.authorization.k8s.io", Kind = "ClusterRole", Name = roleName },
            Subjects = [new Rbacv1Subject { Kind = "User", Name = "imp-alice", ApiGroup = "rbac.authorization.k8s.io" }],
        });
        var userOnly = await WhoAmIAsync(alice, new Dictionary<string, List<string>> { ["Impersonate-User"] = ["system:node:w9"] });
        Assert.Equal("system:node:w9", userOnly.Status.UserInfo.Username);
        Assert.Equal(["system:authenticated"], userOnly.Status.UserInfo.Groups);
        var groupForbidden = await TestHelpers.FailsWith(HttpStatusCode.Forbidden, () => WhoAmIAsync(alice, asNode));
        Assert.Equal("groups \"system:nodes\" is forbidden: User \"imp-alice\" cannot impersonate resource \"groups\" in API group \"\" at the cluster scope", groupForbidden.Message());

        var noUser = await TestHelpers.FailsWith(HttpStatusCode.BadRequest, () => WhoAmIAsync(admin, new Dictionary<string, List<string>> { ["Impersonate-Group"] = ["g"] }));
        Assert.Equal("requested [{Group  g}] without impersonating a user", noUser.Message());
    }

    [Fact]
    public async Task Node_authorizer_lets_a_node_update_only_itself()
    {
        await admin.CoreV1.CreateNodeAsync(new V1Node { Metadata = new V1ObjectMeta { Name = "auth-n1" } });
        await admin.CoreV1.CreateNodeAsync(new V1Node { Metadata = new V1ObjectMeta { Name = "auth-n2" } });
        using var node = fixture.ClientFor("system:node:auth-n1", "system:nodes");
        var self = await node.CoreV1.ReadNodeAsync("auth-n1");
        self.Metadata.Labels = new Dictionary<string, string> { ["ok"] = "1" };
        await node.CoreV1.ReplaceNodeAsync(self, "auth-n1");
        var patch = new V1Patch("""{"status":{"conditions":[{"type":"Ready","status":"True"}]}}""", V1Patch.PatchType.StrategicMergePatch);
        await node.CoreV1.PatchNodeStatusAsync(patch, "auth-n1");
        // NodeRestriction admission (k/k plugin/pkg/admission/noderestriction/admission.go), not the authorizer, refuses other nodes.
        var other = await TestHelpers.FailsWith(HttpStatusCode.Forbidden, () => node.CoreV1.PatchNodeStatusAsync(patch, "auth-n2"));
        Assert.Equal("nodes \"auth-n2\" is forbidden: node \"auth-n1\" is not allowed to modify node \"auth-n2\"", other.Message());
        // The Node authorizer with AuthorizeNodeWithSelectors (1.32+): a node reads its own Node only.
        var list = await TestHelpers.FailsWith(HttpStatusCode.Forbidden, () => node.CoreV1.ListNodeAsync());
        Assert.Equal("nodes is forbidden: User \"system:node:auth-n1\" cannot list resource \"nodes\" in API group \"\" at the cluster scope: node 'auth-n1' cannot read all nodes, only its own Node object", list.Message());
        Assert.Single((await node.CoreV1.ListNodeAsync(fieldSelector: "metadata.name=auth-n1")).Items);

        var role = await node.CoreV1.ReadNodeAsync("auth-n1");
        role.Metadata.Labels["node-role.kubernetes.io/control-plane"] = string.Empty;
        var relabel = await TestHelpers.FailsWith(HttpStatusCode.Forbidden, () => node.CoreV1.ReplaceNodeAsync(role, "auth-n1"));
        Assert.Equal("nodes \"auth-n1\" is forbidden: is not allowed to modify labels: node-role.kubernetes.io/control-plane", relabel.Message());
        var fresh = new V1Node { Metadata = new V1ObjectMeta { Name = "auth-n3", Labels = new Dictionary<string, string> { ["node-role.kubernetes.io/worker"] = "", ["kubernetes.io/hostname"] = "auth-n3" } } };
        using var third = fixture.ClientFor("system:node:auth-n3", "system:nodes");
        var register = await TestHelpers.FailsWith(HttpStatusCode.Forbidden, () => third.CoreV1.CreateNodeAsync(fresh));
        Assert.Equal("nodes \"auth-n3\" is forbidden: node \"auth-n3\" is not allowed to set the following labels: node-role.kubernetes.io/worker", register.Message());
        fresh.Metadata.Labels.Remove("node-role.kubernetes.io/worker");
        fresh.Metadata.Labels["node.kubernetes.io/exclude-from-external-load-balancers"] = "true";
        await third.CoreV1.CreateNodeAsync(fresh);
        await node.CertificatesV1.CreateCertificateSigningRequestAsync(TestHelpers.KubeletClientCsr(TestNames.Unique("node"), "auth-n1"));
    }

    [Fact]
    public async Task Access_reviews_evaluate_rbac_like_the_controllers_need()
    {
        var sar = await admin.AuthorizationV1.CreateSubjectAccessReviewAsync(new V1SubjectAccessReview
        {
            Spec = new V1SubjectAccessReviewSpec
            {
                User = "system:bootstrap:abcdef",
                Groups = ["system:bootstrappers", "system:bootstrappers:kubeadm:default-node-token", "system:authenticated"],
                ResourceAttributes = new V1ResourceAttributes { Group = "certificates.k8s.io", Resource = "certificatesigningrequests", Subresource = "nodeclient", Verb = "create", Version = "*" },
            },
        });
        Assert.True(sar.Status.Allowed);
        Assert.Equal("RBAC: allowed by ClusterRoleBinding \"kubeadm:node-autoapprove-bootstrap\" of ClusterRole \"system:certificates.k8s.io:certificatesigningrequests:nodeclient\" to Group \"system:bootstrappers:kubeadm:default-node-token\"", sar.Status.Reason);

        var self = await admin.AuthorizationV1.CreateSubjectAccessReviewAsync(new V1SubjectAccessReview
        {
            Spec = new V1SubjectAccessReviewSpec
            {
                User = "system:node:w1",
                Groups = ["system:nodes", "system:authenticated"],
                ResourceAttributes = new V1ResourceAttributes { Group = "certificates.k8s.io", Resource = "certificatesigningrequests", Subresource = "nodeclient", Verb = "create" },
            },
        });
        Assert.False(self.Status.Allowed);

        using var controller = fixture.ClientFor("system:serviceaccount:kube-system:certificate-controller", "system:serviceaccounts", "system:serviceaccounts:kube-system");
        var ssar = await controller.AuthorizationV1.CreateSelfSubjectAccessReviewAsync(new V1SelfSubjectAccessReview
        {
            Spec = new V1SelfSubjectAccessReviewSpec { ResourceAttributes = new V1ResourceAttributes { Group = "certificates.k8s.io", Resource = "signers", Verb = "sign", Name = "kubernetes.io/kubelet-serving" } },
        });
        Assert.True(ssar.Status.Allowed);
        Assert.Equal("RBAC: allowed by ClusterRoleBinding \"system:controller:certificate-controller\" of ClusterRole \"system:controller:certificate-controller\" to ServiceAccount \"certificate-controller/kube-system\"", ssar.Status.Reason);

        using var signer = fixture.ClientFor("system:serviceaccount:kube-system:bootstrap-signer", "system:serviceaccounts", "system:serviceaccounts:kube-system");
        var lsar = await admin.AuthorizationV1.CreateNamespacedLocalSubjectAccessReviewAsync(new V1LocalSubjectAccessReview
        {
            Metadata = new V1ObjectMeta { NamespaceProperty = "kube-public" },
            Spec = new V1SubjectAccessReviewSpec
            {
                User = "system:serviceaccount:kube-system:bootstrap-signer",
                ResourceAttributes = new V1ResourceAttributes { NamespaceProperty = "kube-public", Resource = "configmaps", Verb = "update", Name = "cluster-info" },
            },
        }, "kube-public");
        Assert.True(lsar.Status.Allowed);
        await signer.CoreV1.ListNamespacedSecretAsync("kube-system");
        await TestHelpers.FailsWith(HttpStatusCode.Forbidden, () => signer.CoreV1.DeleteNamespacedSecretAsync("nothing", "kube-system"));

        var rules = await controller.AuthorizationV1.CreateSelfSubjectRulesReviewAsync(new V1SelfSubjectRulesReview { Spec = new V1SelfSubjectRulesReviewSpec { NamespaceProperty = "default" } });
        Assert.Contains(rules.Status.ResourceRules, r => r.Resources?.Contains("signers") == true && r.Verbs.Contains("sign"));
        Assert.Contains(rules.Status.NonResourceRules, r => r.NonResourceURLs.Contains("/version"));
    }

    [Fact]
    public async Task Rbac_objects_created_through_the_api_take_effect_immediately()
    {
        var ns = TestNames.Unique("rbac");
        await admin.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = ns } });
        await admin.CoreV1.CreateNamespacedSecretAsync(new V1Secret { Metadata = new V1ObjectMeta { Name = "allowed" } }, ns);
        await admin.CoreV1.CreateNamespacedSecretAsync(new V1Secret { Metadata = new V1ObjectMeta { Name = "other" } }, ns);
        using var carol = fixture.ClientFor("carol");
        await TestHelpers.FailsWith(HttpStatusCode.Forbidden, () => carol.CoreV1.ReadNamespacedSecretAsync("allowed", ns));
        await admin.RbacAuthorizationV1.CreateNamespacedRoleAsync(new V1Role
        {
            Metadata = new V1ObjectMeta { Name = "one-secret" },
            Rules = [new V1PolicyRule { Verbs = ["get", "list"], ApiGroups = [""], Resources = ["secrets"], ResourceNames = ["allowed"] }],
        }, ns);
        await admin.RbacAuthorizationV1.CreateNamespacedRoleBindingAsync(new V1RoleBinding
        {
            Metadata = new V1ObjectMeta { Name = "carol" },
            RoleRef = new V1RoleRef { ApiGroup = "rbac.authorization.k8s.io", Kind = "Role", Name = "one-secret" },
            Subjects = [new Rbacv1Subject { Kind = "User", Name = "carol", ApiGroup = "rbac.authorization.k8s.io" }],
        }, ns);
        Assert.Equal("allowed", (await carol.CoreV1.ReadNamespacedSecretAsync("allowed", ns)).Metadata.Name);
        var other = await TestHelpers.FailsWith(HttpStatusCode.Forbidden, () => carol.CoreV1.ReadNamespacedSecretAsync("other", ns));
        Assert.Equal($"secrets \"other\" is forbidden: User \"carol\" cannot get resource \"secrets\" in API group \"\" in the namespace \"{ns}\"", other.Message());
        await TestHelpers.FailsWith(HttpStatusCode.Forbidden, () => carol.CoreV1.ListNamespacedSecretAsync(ns));
        var byName = await carol.CoreV1.ListNamespacedSecretAsync(ns, fieldSelector: "metadata.name=allowed");
        Assert.Equal("allowed", byName.Items.Single().Metadata.Name);

        await admin.RbacAuthorizationV1.CreateNamespacedRoleBindingAsync(new V1RoleBinding
        {
            Metadata = new V1ObjectMeta { Name = "carol-cluster-role" },
            RoleRef = new V1RoleRef { ApiGroup = "rbac.authorization.k8s.io", Kind = "ClusterRole", Name = "system:node-bootstrapper" },
            Subjects = [new Rbacv1Subject { Kind = "User", Name = "carol", ApiGroup = "rbac.authorization.k8s.io" }],
        }, ns);
        await TestHelpers.FailsWith(HttpStatusCode.Forbidden, () => carol.CertificatesV1.ListCertificateSigningRequestAsync());
        await admin.CoreV1.DeleteNamespaceAsync(ns);
    }
}
