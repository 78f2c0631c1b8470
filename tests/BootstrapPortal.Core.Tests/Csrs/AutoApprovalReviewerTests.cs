using BootstrapPortal.Core.Csrs;
using k8s;

namespace BootstrapPortal.Core.Tests.Csrs;

/// <summary>The cached-RBAC prediction of csrapproving agrees with real SubjectAccessReviews of the sandbox.</summary>
public sealed class AutoApprovalReviewerTests(CsrSandboxFixture fixture) : IClassFixture<CsrSandboxFixture>
{
    [Fact]
    public async Task Prediction_for_the_kubelets_bootstrap_and_serving_csrs_matches_the_api_servers_reviews()
    {
        await CsrSandboxFixture.Eventually(
            () => fixture.Catalog.List().Any(e => e.View.Username.StartsWith("system:bootstrap:", StringComparison.Ordinal)),
            "a kubelet bootstrap CSR is cached", TimeSpan.FromSeconds(30));
        var bootstrap = fixture.Catalog.List().First(e => e.View.Username.StartsWith("system:bootstrap:", StringComparison.Ordinal));
        Assert.True(bootstrap.Verdict.AutoApproval.WouldAutoApprove);

        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var reviewer = new AutoApprovalReviewer(fixture.PortalClient);
        var confirmed = await reviewer.ConfirmAsync(bootstrap, cts.Token);

        Assert.True(confirmed.WouldAutoApprove);
        Assert.Equal(bootstrap.Verdict.AutoApproval.ApprovedBy, confirmed.ApprovedBy);
        Assert.Equal(bootstrap.Verdict.AutoApproval.RbacReason, confirmed.RbacReason);
        Assert.DoesNotContain("predicted otherwise", confirmed.Explanation, StringComparison.Ordinal);

        // An identity without the autoapprove binding: recognised, but both the prediction and the server say no.
        var stranger = bootstrap with
        {
            View = bootstrap.View with { Username = "system:bootstrap:zzzzzz", Groups = ["system:bootstrappers:other", "system:authenticated"] },
        };
        var strangerVerdict = CsrVerdicts.Evaluate(stranger.View, fixture.Catalog.CreateVerdictContext());
        Assert.False(strangerVerdict.AutoApproval.WouldAutoApprove);
        var strangerConfirmed = await reviewer.ConfirmAsync(stranger with { Verdict = strangerVerdict }, cts.Token);
        Assert.False(strangerConfirmed.WouldAutoApprove);
        Assert.DoesNotContain("predicted otherwise", strangerConfirmed.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Catalog_decodes_each_object_version_once_and_re_decodes_after_a_change()
    {
        var (node, ip) = fixture.AnyNode();
        var name = await fixture.CreateServingCsrAsync(node, [ip]);
        var first = fixture.Catalog.Get(name)!;
        var again = fixture.Catalog.List().Single(e => e.Name == name);
        Assert.Same(first.View.Request, again.View.Request);

        var csr = await fixture.Admin.CertificatesV1.ReadCertificateSigningRequestAsync(name);
        csr.Metadata.Labels = new Dictionary<string, string> { ["touched"] = "yes" };
        var changed = await fixture.Admin.CertificatesV1.ReplaceCertificateSigningRequestAsync(csr, name);
        await CsrSandboxFixture.Eventually(() => fixture.Catalog.Get(name)?.View.ResourceVersion == changed.Metadata.ResourceVersion, "the cache saw the change");
        var after = fixture.Catalog.Get(name)!;
        Assert.NotSame(first.View.Request, after.View.Request);
        Assert.Equal(first.View.Request!.PublicKey, after.View.Request!.PublicKey);
    }
}
