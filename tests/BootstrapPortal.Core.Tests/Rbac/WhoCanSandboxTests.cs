using System.Collections.Concurrent;
using BootstrapPortal.Core.Access;
using BootstrapPortal.Core.Rbac;
using BootstrapPortal.Core.Tokens;
using BootstrapPortal.Sandbox;
using k8s;
using k8s.Models;

namespace BootstrapPortal.Core.Tests.Rbac;

/// <summary>Who-can and the risky findings against the sandbox: answers checked against the API server's own SubjectAccessReviews.</summary>
public sealed class WhoCanSandboxTests
{
    private const string ProbeUser = "who-can-probe-user";

    [Fact]
    public async Task Who_can_answers_agree_with_subject_access_reviews_for_every_subject_of_every_binding()
    {
        await using var rbac = await RbacSandbox.StartAsync(SandboxRbacProfile.Kubeadm);
        await PlantAsync(rbac.Admin);
        // Roles and bindings arrive through separate informers: wait until every planted binding resolves its role.
        await RbacSandbox.Eventually(() => rbac.Audit.Current.Policy.Bindings.Count(b => (b.Name.StartsWith("test:", StringComparison.Ordinal) || b.Name == "ci-bootstrap") && b.RoleFound)
            == rbac.Audit.Current.Policy.Bindings.Count(b => b.Name.StartsWith("test:", StringComparison.Ordinal) || b.Name == "ci-bootstrap")
            && rbac.Audit.Current.Policy.Bindings.Any(b => b.Name == "test:escalator"), "the planted bindings are cached with their roles");
        var analysis = rbac.Audit.Current;

        var requests = WhoCanQuestions.All(["example.com/custom"]).SelectMany(q => q.AllOf.SelectMany(part => part))
            .Append(RbacRequest.ForResource("", [], "get", "", "configmaps", name: "cluster-info", @namespace: "kube-public"))
            .Append(RbacRequest.ForResource("", [], "create", "certificates.k8s.io", "certificatesigningrequests", "nodeclient"))
            .Append(RbacRequest.ForResource("", [], "create", "certificates.k8s.io", "certificatesigningrequests", "selfnodeclient"))
            .Append(RbacRequest.ForResource("", [], "create", "", "secrets", @namespace: "default"))
            .Append(RbacRequest.ForPath("", [], "get", "/healthz"))
            .ToArray();
        var candidates = analysis.Policy.Bindings
            .SelectMany(b => b.Subjects.Select(s => (s.Kind, s.Name, Namespace: RbacSubjects.EffectiveNamespace(s, b.Namespace))))
            .Append((RbacSubjects.UserKind, "nobody", null)).Distinct().ToArray();

        var mismatches = new ConcurrentBag<string>();
        await Parallel.ForEachAsync(requests, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (request, ct) =>
        {
            var allowed = analysis.WhoCan(request).Select(s => s.Key).ToHashSet();
            foreach (var candidate in candidates)
            {
                var review = await rbac.Admin.AuthorizationV1.CreateSubjectAccessReviewAsync(Review(candidate, request), cancellationToken: ct);
                if (review.Status.Allowed != allowed.Contains(candidate))
                {
                    mismatches.Add($"{candidate.Kind} {candidate.Namespace}/{candidate.Name} {request.Verb} {request.Resource}/{request.Subresource} " +
                        $"name={request.Name} ns={request.Namespace} path={request.Path}: SAR {review.Status.Allowed}, who-can {allowed.Contains(candidate)}");
                }
            }
        });
        Assert.Empty(mismatches);
        Assert.True(requests.Length * candidates.Length > 500, "the comparison covers many questions and subjects");

        // The planted grants are in the answers (so the agreement is not an agreement on nothing).
        var approveKubelet = analysis.Answer(WhoCanQuestions.All().Single(q => q.Id == "approve:kubernetes.io/kube-apiserver-client-kubelet"));
        Assert.Contains(approveKubelet.Complete, s => s.Describe() == "User alice");
        Assert.Contains(approveKubelet.Complete, s => s.Describe() == "Group approvers");
        Assert.Contains(approveKubelet.Complete, s => s.Describe() == "ServiceAccount kube-system/certificate-controller");
        Assert.DoesNotContain(approveKubelet.Complete.Concat(approveKubelet.Partial), s => s.Describe() == "ServiceAccount ops/signer");
        var approveClient = analysis.Answer(WhoCanQuestions.All().Single(q => q.Id == "approve:kubernetes.io/kube-apiserver-client"));
        Assert.Contains(approveClient.Partial, s => s.Describe() == "User alice");
        var signCustom = analysis.Answer(WhoCanQuestions.All(["example.com/custom"]).Single(q => q.Id == "sign:example.com/custom"));
        Assert.Contains(signCustom.Complete, s => s.Describe() == "ServiceAccount ops/signer");
        var mint = analysis.Answer(WhoCanQuestions.All().Single(q => q.Id == "mint-tokens"));
        Assert.Contains(mint.Complete, s => s.Describe() == "User bob");
        Assert.Contains(mint.Complete, s => s.Describe() == "ServiceAccount kube-system/minter");
        Assert.Contains(analysis.Answer(WhoCanQuestions.All().Single(q => q.Id == "impersonate-groups")).Complete, s => s.Describe() == "Group impersonators");
        Assert.Contains(analysis.Answer(WhoCanQuestions.All().Single(q => q.Id == "bind-roles")).Complete, s => s.Describe() == "User carol");
        var via = analysis.Answer(WhoCanQuestions.All().Single(q => q.Id == "create-csrs")).Complete.Single(s => s.Name == "system:bootstrappers:ci").Via.Single();
        Assert.Equal("ClusterRoleBinding ci-bootstrap → ClusterRole system:node-bootstrapper", via.Describe());
    }

    [Fact]
    public async Task The_shared_analysis_answers_a_question_once_until_the_rbac_changes()
    {
        await using var rbac = await RbacSandbox.StartAsync(SandboxRbacProfile.Kubeadm);
        var question = WhoCanQuestions.All().Single(q => q.Id == "mint-tokens");
        var analysis = rbac.Audit.Current;
        var before = analysis.Evaluations;
        var answer = analysis.Answer(question);

        // Every session and API call reads the same analysis, which answers from its memo.
        Assert.Same(analysis, rbac.Audit.Current);
        Assert.Same(answer, rbac.Audit.Current.Answer(question));
        Assert.Equal(before + 1, analysis.Evaluations);

        await rbac.Admin.RbacAuthorizationV1.CreateClusterRoleBindingAsync(new V1ClusterRoleBinding
        {
            Metadata = new V1ObjectMeta { Name = "test:memo-minter" },
            RoleRef = new V1RoleRef { ApiGroup = "rbac.authorization.k8s.io", Kind = "ClusterRole", Name = "cluster-admin" },
            Subjects = [new Rbacv1Subject { Kind = "User", Name = "memo-minter", ApiGroup = "rbac.authorization.k8s.io" }],
        });
        await RbacSandbox.Eventually(() => rbac.Audit.Current.Policy.Bindings.Any(b => b.Name == "test:memo-minter"), "the new binding is in a new analysis");

        var changed = rbac.Audit.Current;
        Assert.NotSame(analysis, changed);
        var fresh = changed.Answer(question);
        Assert.NotSame(answer, fresh);
        Assert.Contains(fresh.Complete, s => s.Describe() == "User memo-minter");
        Assert.DoesNotContain(answer.Complete, s => s.Describe() == "User memo-minter");
    }

    [Fact]
    public async Task Each_risky_finding_planted_through_the_api_is_found_within_seconds_and_the_default_sandbox_has_none()
    {
        await using var rbac = await RbacSandbox.StartAsync(SandboxRbacProfile.Kubeadm);
        var clean = await rbac.Audit.GetFindingsAsync(CancellationToken.None);
        Assert.DoesNotContain(clean, f => f.Severity != RbacFindingSeverity.Info);

        var admin = rbac.Admin.RbacAuthorizationV1;
        await admin.CreateClusterRoleAsync(Role("test:secret-reader", Rule(["get", "list"], [""], ["secrets"])));
        await admin.CreateClusterRoleAsync(Role("test:wild-certs", Rule(["*"], ["certificates.k8s.io"], ["*"])));
        await admin.CreateClusterRoleAsync(Role("test:approver", Rule(["update"], ["certificates.k8s.io"], ["certificatesigningrequests/approval"]),
            Rule(["approve"], ["certificates.k8s.io"], ["signers"], ["kubernetes.io/kube-apiserver-client-kubelet"])));
        await admin.CreateClusterRoleBindingAsync(Binding("test:bootstrap-secrets", "test:secret-reader", Group("system:bootstrappers:kubeadm:default-node-token")));
        await admin.CreateClusterRoleBindingAsync(Binding("test:anonymous-discovery", "system:discovery", Group("system:unauthenticated")));
        await admin.CreateClusterRoleBindingAsync(Binding("test:authenticated-secrets", "test:secret-reader", Group("system:authenticated")));
        await admin.CreateClusterRoleBindingAsync(Binding("test:wild", "test:wild-certs", Group("cert-ops")));
        await admin.CreateClusterRoleBindingAsync(Binding("test:dangling", "test:no-such-role", User("bob")));
        await admin.CreateClusterRoleBindingAsync(Binding("test:ghost-namespace", "test:secret-reader", new Rbacv1Subject { Kind = "ServiceAccount", Name = "robot", NamespaceProperty = "no-such-namespace" }));
        await admin.CreateClusterRoleBindingAsync(Binding("test:alice-approves", "test:approver", User("alice")));
        await admin.CreateClusterRoleBindingAsync(Binding("test:alice-admin", "cluster-admin", User("alice")));
        var token = await rbac.Tokens.CreateAsync(new CreateTokenRequest(Ttl: TimeSpan.FromHours(1)), PortalActor.Local, CancellationToken.None);
        await admin.CreateClusterRoleBindingAsync(Binding("test:personal-token", "test:secret-reader", User("system:bootstrap:" + token.Id)));

        string[] expected =
        [
            "bootstrap-grant:ClusterRoleBinding/test:bootstrap-secrets",
            "bootstrap-grant:ClusterRoleBinding/test:personal-token",
            "anonymous-grant:ClusterRoleBinding/test:anonymous-discovery",
            "authenticated-grant:ClusterRoleBinding/test:authenticated-secrets",
            "wildcard:ClusterRole/test:wild-certs",
            "missing-role:ClusterRoleBinding/test:dangling",
            "missing-serviceaccount:ClusterRoleBinding/test:ghost-namespace:no-such-namespace/robot",
            "cluster-admin:ClusterRoleBinding/test:alice-admin",
            "cis-5.1.11",
            "cis-3.1.3",
        ];
        IReadOnlyList<RbacFinding> findings = [];
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (DateTime.UtcNow < deadline)
        {
            findings = await rbac.Audit.GetFindingsAsync(CancellationToken.None);
            if (expected.All(id => findings.Any(f => f.Id == id)))
            {
                break;
            }

            await Task.Delay(100);
        }

        Assert.Equal(expected.Order(StringComparer.Ordinal), findings.Where(f => f.Severity != RbacFindingSeverity.Info).Select(f => f.Id).Order(StringComparer.Ordinal));
        Assert.Equal(RbacFindingSeverity.Critical, findings.Single(f => f.Id == "bootstrap-grant:ClusterRoleBinding/test:bootstrap-secrets").Severity);
        Assert.Contains("User alice", findings.Single(f => f.Id == "cis-5.1.11").Subjects);
        Assert.Equal(["system:bootstrap:" + token.Id], findings.Single(f => f.Id == "cis-3.1.3").Subjects);

        // Removing a planted binding removes its finding.
        await admin.DeleteClusterRoleBindingAsync("test:anonymous-discovery");
        await RbacSandbox.Eventually(() => rbac.Audit.Current.Findings(SubjectDirectory.Unknown("test", DateTimeOffset.UtcNow)).All(f => f.Id != "anonymous-grant:ClusterRoleBinding/test:anonymous-discovery"),
            "the finding is gone", TimeSpan.FromSeconds(10));
    }

    private static async Task PlantAsync(Kubernetes client)
    {
        var rbac = client.RbacAuthorizationV1;
        await rbac.CreateClusterRoleAsync(Role("test:approver", Rule(["update"], ["certificates.k8s.io"], ["certificatesigningrequests/approval"]),
            Rule(["approve"], ["certificates.k8s.io"], ["signers"], ["kubernetes.io/kube-apiserver-client-kubelet"])));
        await rbac.CreateClusterRoleBindingAsync(Binding("test:approver", "test:approver", User("alice"), Group("approvers")));
        await rbac.CreateClusterRoleAsync(Role("test:domain-signer", Rule(["patch"], ["certificates.k8s.io"], ["certificatesigningrequests/status"]),
            Rule(["sign"], ["certificates.k8s.io"], ["signers"], ["example.com/*", "kubernetes.io/*"])));
        await rbac.CreateClusterRoleBindingAsync(Binding("test:domain-signer", "test:domain-signer", new Rbacv1Subject { Kind = "ServiceAccount", Name = "signer", NamespaceProperty = "ops" }));
        await rbac.CreateNamespacedRoleAsync(new V1Role
        {
            Metadata = new V1ObjectMeta { Name = "test:token-minter", NamespaceProperty = "kube-system" },
            Rules = [Rule(["create"], [""], ["secrets"])],
        }, "kube-system");
        await rbac.CreateNamespacedRoleBindingAsync(new V1RoleBinding
        {
            Metadata = new V1ObjectMeta { Name = "test:token-minter", NamespaceProperty = "kube-system" },
            RoleRef = new V1RoleRef { ApiGroup = "rbac.authorization.k8s.io", Kind = "Role", Name = "test:token-minter" },
            Subjects = [User("bob"), new Rbacv1Subject { Kind = "ServiceAccount", Name = "minter" }],
        }, "kube-system");
        await rbac.CreateClusterRoleAsync(Role("test:impersonator", Rule(["impersonate"], [""], ["users", "groups"])));
        await rbac.CreateClusterRoleBindingAsync(Binding("test:impersonator", "test:impersonator", Group("impersonators")));
        await rbac.CreateClusterRoleAsync(Role("test:escalator", Rule(["escalate", "bind"], ["rbac.authorization.k8s.io"], ["clusterroles"])));
        await rbac.CreateClusterRoleBindingAsync(Binding("ci-bootstrap", "system:node-bootstrapper", Group("system:bootstrappers:ci")));
        await rbac.CreateClusterRoleBindingAsync(Binding("test:escalator", "test:escalator", User("carol")));
    }

    private static V1SubjectAccessReview Review((string Kind, string Name, string? Namespace) subject, RbacRequest request)
    {
        var (user, groups) = subject.Kind switch
        {
            RbacSubjects.GroupKind => (ProbeUser, new List<string> { subject.Name }),
            RbacSubjects.ServiceAccountKind => (RbacSubjects.ServiceAccountUserName(subject.Namespace!, subject.Name), []),
            _ => (subject.Name, []),
        };
        return new V1SubjectAccessReview
        {
            ApiVersion = "authorization.k8s.io/v1",
            Kind = "SubjectAccessReview",
            Spec = new V1SubjectAccessReviewSpec
            {
                User = user,
                Groups = groups,
                ResourceAttributes = request.IsResourceRequest
                    ? new V1ResourceAttributes
                    {
                        Verb = request.Verb,
                        Group = request.ApiGroup,
                        Resource = request.Resource,
                        Subresource = request.Subresource,
                        Name = request.Name,
                        NamespaceProperty = request.Namespace,
                    }
                    : null,
                NonResourceAttributes = request.IsResourceRequest ? null : new V1NonResourceAttributes { Verb = request.Verb, Path = request.Path },
            },
        };
    }

    private static V1ClusterRole Role(string name, params V1PolicyRule[] rules) => new() { Metadata = new V1ObjectMeta { Name = name }, Rules = rules };

    private static V1ClusterRoleBinding Binding(string name, string role, params Rbacv1Subject[] subjects) => new()
    {
        Metadata = new V1ObjectMeta { Name = name },
        RoleRef = new V1RoleRef { ApiGroup = "rbac.authorization.k8s.io", Kind = "ClusterRole", Name = role },
        Subjects = subjects,
    };

    private static V1PolicyRule Rule(string[] verbs, string[] groups, string[] resources, string[]? names = null) =>
        new() { Verbs = verbs, ApiGroups = groups, Resources = resources, ResourceNames = names };

    private static Rbacv1Subject User(string name) => new() { Kind = "User", ApiGroup = "rbac.authorization.k8s.io", Name = name };

    private static Rbacv1Subject Group(string name) => new() { Kind = "Group", ApiGroup = "rbac.authorization.k8s.io", Name = name };
}
