using System.Net;
using k8s;
using k8s.Models;

namespace BootstrapPortal.Sandbox.Tests.Conformance;

/// <summary>ServiceAccounts and the TokenRequest subresource (k/k pkg/registry/core/serviceaccount/storage/token.go, pkg/serviceaccount/jwt.go).</summary>
[Collection(SandboxCollection.Name)]
public sealed class ServiceAccountConformanceTests(SandboxFixture fixture)
{
    private readonly Kubernetes admin = fixture.Admin;

    [Fact]
    public async Task Token_requests_issue_tokens_that_authenticate_as_the_service_account()
    {
        var ns = TestNames.Unique("sa");
        await admin.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = ns } });
        var account = await admin.CoreV1.CreateNamespacedServiceAccountAsync(new V1ServiceAccount { Metadata = new V1ObjectMeta { Name = "robot" } }, ns);
        var request = await admin.CoreV1.CreateNamespacedServiceAccountTokenAsync(new Authenticationv1TokenRequest { Spec = new V1TokenRequestSpec { ExpirationSeconds = 3600 } }, "robot", ns);
        Assert.Equal(["https://kubernetes.default.svc.cluster.local"], request.Spec.Audiences);
        Assert.NotNull(request.Status.ExpirationTimestamp);

        using var robot = new Kubernetes(fixture.Cluster.CreateTokenConfiguration(request.Status.Token));
        var whoami = await robot.AuthenticationV1.CreateSelfSubjectReviewAsync(new V1SelfSubjectReview());
        Assert.Equal($"system:serviceaccount:{ns}:robot", whoami.Status.UserInfo.Username);
        Assert.Equal(account.Metadata.Uid, whoami.Status.UserInfo.Uid);
        Assert.Equal(["system:serviceaccounts", "system:serviceaccounts:" + ns, "system:authenticated"], whoami.Status.UserInfo.Groups);
        Assert.StartsWith("JTI=", whoami.Status.UserInfo.Extra["authentication.kubernetes.io/credential-id"].Single(), StringComparison.Ordinal);
        var review = await admin.AuthenticationV1.CreateTokenReviewAsync(new V1TokenReview { Spec = new V1TokenReviewSpec { Token = request.Status.Token } });
        Assert.True(review.Status.Authenticated);

        var tooShort = await TestHelpers.FailsWith((HttpStatusCode)422, () => admin.CoreV1.CreateNamespacedServiceAccountTokenAsync(
            new Authenticationv1TokenRequest { Spec = new V1TokenRequestSpec { ExpirationSeconds = 60 } }, "robot", ns));
        Assert.Equal("TokenRequest.authentication.k8s.io \"robot\" is invalid: spec.expirationSeconds: Invalid value: 60: may not specify a duration less than 10 minutes", tooShort.Message());

        // The token dies with its ServiceAccount (the uid is checked on every request).
        await admin.CoreV1.DeleteNamespacedServiceAccountAsync("robot", ns);
        await TestHelpers.FailsWith(HttpStatusCode.Unauthorized, () => robot.AuthenticationV1.CreateSelfSubjectReviewAsync(new V1SelfSubjectReview()));
        await Kubelets.SandboxTestCluster.WaitUntilAsync(async () =>
            (await admin.CoreV1.ListNamespacedServiceAccountAsync(ns)).Items.Any(sa => sa.Metadata.Name == "default"), TimeSpan.FromSeconds(30),
            "every namespace gets a default ServiceAccount");
    }
}
