using BootstrapPortal.Core.Preflight;
using BootstrapPortal.Core.Rbac;
using BootstrapPortal.Core.Tests.Rbac;
using BootstrapPortal.Core.Text;
using BootstrapPortal.Core.Tokens;
using BootstrapPortal.Tests.Shared;
using static BootstrapPortal.Core.Tests.Preflight.PreflightTestData;

namespace BootstrapPortal.Core.Tests.Preflight;

/// <summary>Each preflight check in both directions: no red on a healthy cluster, red where the flow breaks, unknown without evidence.</summary>
public sealed class PreflightChecksTests
{
    [Fact]
    public void Evidence_is_english_for_the_api_and_in_the_readers_language_on_pages()
    {
        var check = TokenExpiryCheck.Evaluate(Inputs());
        var fact = Assert.Single(check.EvidenceTexts);
        Assert.Equal(fact.ToString(), Assert.Single(check.Evidence));
        Assert.Contains("expire as they should", check.Evidence[0], StringComparison.Ordinal);
        var chinese = new PortalTextLocalizer().Localize(fact, System.Globalization.CultureInfo.GetCultureInfo("zh-Hans"));
        Assert.Contains("按时过期", chinese, StringComparison.Ordinal);
        Assert.DoesNotContain("expire", chinese, StringComparison.Ordinal);
    }

    [Fact]
    public void Control_plane_flags_parse_as_pflag_does()
    {
        var flags = ControlPlaneFlags.ParseArguments(["kube-apiserver", "--enable-bootstrap-token-auth=true", "--client-ca-file", "/pki/ca.crt",
            "--anonymous-auth", "--authorization-mode=Node,RBAC", "--v=2", "--v=4", "positional"]);
        Assert.Equal("true", flags["enable-bootstrap-token-auth"]);
        Assert.Equal("/pki/ca.crt", flags["client-ca-file"]);
        Assert.Equal("true", flags["anonymous-auth"]);
        Assert.Equal("Node,RBAC", flags["authorization-mode"]);
        Assert.Equal("4", flags["v"]);
        Assert.False(flags.ContainsKey("positional"));
    }

    [Theory]
    [InlineData(null, "tokencleaner", false, false)]
    [InlineData(null, "csrapproving", true, true)]
    [InlineData("*", "tokencleaner", false, false)]
    [InlineData("*,bootstrapsigner,tokencleaner", "tokencleaner", false, true)]
    [InlineData("*,-csrapproving", "csrapproving", true, false)]
    [InlineData("csrsigning", "csrapproving", true, false)]
    public void Controllers_flag_enables_and_disables_controllers(string? controllers, string controller, bool onByDefault, bool expected)
    {
        var flags = controllers is null ? new Dictionary<string, string>() : new Dictionary<string, string> { ["controllers"] = controllers };
        Assert.Equal(expected, ControlPlaneFlags.ControllerEnabled(flags, controller, onByDefault));
        Assert.Null(ControlPlaneFlags.ControllerEnabled(null, controller, onByDefault));
    }

    [Fact]
    public void Bootstrap_token_auth_follows_the_probe_and_falls_back_to_the_flag()
    {
        var authenticated = new TokenProbeOutcome(true, "system:bootstrap:abcdef", ["system:bootstrappers", "system:authenticated"], CommonText.Plain("a TokenReview authenticated the probe token abcdef"));
        var rejected = new TokenProbeOutcome(false, null, [], CommonText.Plain("2 TokenReview(s) did not authenticate the probe token abcdef"));
        var unavailable = TokenProbeOutcome.Unavailable(CommonText.Plain("the portal may not create Secrets in kube-system"));
        var on = Flags(apiServer: ["--enable-bootstrap-token-auth=true"]);
        var off = Flags(apiServer: ["--authorization-mode=Node,RBAC"]);

        Assert.Equal(PreflightStatus.Pass, TokenAuthenticationCheck.Evaluate(Inputs(probe: authenticated)).Status);
        var fail = TokenAuthenticationCheck.Evaluate(Inputs(probe: rejected));
        Assert.Equal(PreflightStatus.Fail, fail.Status);
        Assert.Contains("--enable-bootstrap-token-auth=true", fail.Fix, StringComparison.Ordinal);
        Assert.Equal(PreflightStatus.Warn, TokenAuthenticationCheck.Evaluate(Inputs(probe: rejected, flags: on)).Status);
        Assert.Equal(PreflightStatus.Pass, TokenAuthenticationCheck.Evaluate(Inputs(probe: unavailable, flags: on)).Status);
        Assert.Equal(PreflightStatus.Fail, TokenAuthenticationCheck.Evaluate(Inputs(probe: unavailable, flags: off)).Status);
        var unknown = TokenAuthenticationCheck.Evaluate(Inputs(probe: unavailable));
        Assert.Equal(PreflightStatus.Unknown, unknown.Status);
        Assert.Contains("may not create Secrets", unknown.Evidence[0], StringComparison.Ordinal);
    }

    [Fact]
    public void Anonymous_cluster_info_read_passes_on_200_and_fails_with_the_fix_otherwise()
    {
        var rbac = TestRbac.Kubeadm().Policy;
        var pass = AnonymousClusterInfoCheck.Evaluate(Inputs(anonymous: new AnonymousReadOutcome(200, CommonText.Plain("answered 200")), rbac: rbac));
        Assert.Equal(PreflightStatus.Pass, pass.Status);
        Assert.Contains("kubeadm:bootstrap-signer-clusterinfo", pass.Evidence[1], StringComparison.Ordinal);
        var forbidden = AnonymousClusterInfoCheck.Evaluate(Inputs(anonymous: new AnonymousReadOutcome(403, CommonText.Plain("answered 403")), rbac: RbacPolicy.Empty));
        Assert.Equal(PreflightStatus.Fail, forbidden.Status);
        Assert.Contains("kind: RoleBinding", forbidden.Fix, StringComparison.Ordinal);
        Assert.Contains("no RBAC binding", forbidden.Evidence[1], StringComparison.Ordinal);
        Assert.Contains("--anonymous-auth=false", AnonymousClusterInfoCheck.Evaluate(Inputs(anonymous: new AnonymousReadOutcome(401, CommonText.Plain("answered 401")))).Fix,
            StringComparison.Ordinal);
        Assert.Equal(PreflightStatus.Unknown, AnonymousClusterInfoCheck.Evaluate(Inputs(anonymous: new AnonymousReadOutcome(null, CommonText.Plain("no answer")))).Status);
        var ca = k8s.KubernetesYaml.LoadAllFromString(AnonymousClusterInfoCheck.RbacYaml);
        Assert.Equal(2, ca.Count);
    }

    [Fact]
    public void Client_ca_passes_for_a_valid_ca_and_fails_for_an_expired_one_a_leaf_or_none()
    {
        var valid = ClusterInfo(Kubeconfig(CertificatePem(Now.AddYears(-1), Now.AddYears(9))));
        var pass = ClientCaCheck.Evaluate(Inputs(clusterInfo: valid, flags: Flags(apiServer: ["--client-ca-file=/etc/kubernetes/pki/ca.crt"])));
        Assert.Equal(PreflightStatus.Pass, pass.Status);
        Assert.Contains("--client-ca-file=/etc/kubernetes/pki/ca.crt", pass.Evidence[0], StringComparison.Ordinal);
        Assert.Contains("pin sha256:", pass.Evidence[1], StringComparison.Ordinal);

        Assert.Equal(PreflightStatus.Fail, ClientCaCheck.Evaluate(Inputs(clusterInfo: ClusterInfo(Kubeconfig(CertificatePem(Now.AddYears(-2), Now.AddDays(-1)))))).Status);
        Assert.Equal(PreflightStatus.Fail, ClientCaCheck.Evaluate(Inputs(clusterInfo: ClusterInfo(Kubeconfig(CertificatePem(Now.AddYears(-1), Now.AddYears(1), ca: false))))).Status);
        Assert.Equal(PreflightStatus.Warn, ClientCaCheck.Evaluate(Inputs(clusterInfo: ClusterInfo(Kubeconfig(CertificatePem(Now.AddYears(-1), Now.AddDays(10)))))).Status);
        Assert.Equal(PreflightStatus.Fail, ClientCaCheck.Evaluate(Inputs(clusterInfo: ClusterInfo("not: [a kubeconfig"))).Status);
        Assert.Equal(PreflightStatus.Fail, ClientCaCheck.Evaluate(Inputs()).Status);
        Assert.Equal(PreflightStatus.Unknown, ClientCaCheck.Evaluate(Inputs(clusterInfoError: "reading kube-public/cluster-info failed: 403")).Status);
        var noClientCa = ClientCaCheck.Evaluate(Inputs(clusterInfo: valid, flags: Flags(apiServer: ["--enable-bootstrap-token-auth=true"])));
        Assert.Equal(PreflightStatus.Fail, noClientCa.Status);
        Assert.Contains("--client-ca-file", noClientCa.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public void Cluster_info_signatures_are_verified_per_signing_token()
    {
        var kubeconfig = Kubeconfig(CertificatePem(Now.AddYears(-1), Now.AddYears(9)));
        var good = TokenSecret("aaaaaa", "0123456789abcdef", expires: Now.AddHours(5));
        var signatures = new Dictionary<string, string> { ["jws-kubeconfig-aaaaaa"] = BootstrapTokenJws.ComputeDetachedSignature(kubeconfig, "aaaaaa", "0123456789abcdef") };
        var pass = ClusterInfoSignaturesCheck.Evaluate(Inputs(clusterInfo: ClusterInfo(kubeconfig, signatures), secrets: [good]));
        Assert.Equal(PreflightStatus.Pass, pass.Status);
        Assert.Equal(["token aaaaaa: valid signature"], pass.Evidence);

        var unsigned = TokenSecret("bbbbbb", "0123456789abcdef");
        var missing = ClusterInfoSignaturesCheck.Evaluate(Inputs(clusterInfo: ClusterInfo(kubeconfig, signatures), secrets: [good, unsigned]));
        Assert.Equal(PreflightStatus.Fail, missing.Status);
        Assert.Contains("bootstrapsigner", missing.Fix, StringComparison.Ordinal);

        var fresh = TokenSecret("cccccc", "0123456789abcdef", created: Now.AddSeconds(-5));
        Assert.Equal(PreflightStatus.Pass, ClusterInfoSignaturesCheck.Evaluate(Inputs(clusterInfo: ClusterInfo(kubeconfig, signatures), secrets: [good, fresh])).Status);

        var forged = new Dictionary<string, string> { ["jws-kubeconfig-aaaaaa"] = BootstrapTokenJws.ComputeDetachedSignature(kubeconfig, "aaaaaa", "ffffffffffffffff") };
        Assert.Equal(PreflightStatus.Fail, ClusterInfoSignaturesCheck.Evaluate(Inputs(clusterInfo: ClusterInfo(kubeconfig, forged), secrets: [good])).Status);
        var changed = ClusterInfoSignaturesCheck.Evaluate(Inputs(clusterInfo: ClusterInfo(kubeconfig + "# edited\n", signatures), secrets: [good]));
        Assert.Equal(PreflightStatus.Fail, changed.Status);

        // Expired and authentication-only tokens are not signed: nothing to check.
        var notSigning = ClusterInfoSignaturesCheck.Evaluate(Inputs(clusterInfo: ClusterInfo(kubeconfig),
            secrets: [TokenSecret("dddddd", "0123456789abcdef", signing: false), TokenSecret("eeeeee", "0123456789abcdef", expires: Now.AddHours(-1))]));
        Assert.Equal(PreflightStatus.Unknown, notSigning.Status);
    }

    [Fact]
    public void Token_expiry_warns_for_tokens_that_never_expire_and_expired_ones_that_linger()
    {
        Assert.Equal(PreflightStatus.Pass, TokenExpiryCheck.Evaluate(Inputs(secrets: [TokenSecret("aaaaaa", "0123456789abcdef", expires: Now.AddHours(3))])).Status);
        var never = TokenExpiryCheck.Evaluate(Inputs(secrets: [TokenSecret("aaaaaa", "0123456789abcdef")]));
        Assert.Equal(PreflightStatus.Warn, never.Status);
        Assert.Contains("never expire: aaaaaa", never.Evidence[0], StringComparison.Ordinal);
        var lingering = TokenExpiryCheck.Evaluate(Inputs(secrets: [TokenSecret("bbbbbb", "0123456789abcdef", expires: Now.AddHours(-1))]));
        Assert.Equal(PreflightStatus.Warn, lingering.Status);
        Assert.Contains("tokencleaner", lingering.Fix, StringComparison.Ordinal);
        // Just expired, or expired and being deleted: the cleaner is doing its work.
        Assert.Equal(PreflightStatus.Pass, TokenExpiryCheck.Evaluate(Inputs(secrets: [TokenSecret("cccccc", "0123456789abcdef", expires: Now.AddMinutes(-1))])).Status);
        Assert.Equal(PreflightStatus.Pass, TokenExpiryCheck.Evaluate(Inputs(secrets: [TokenSecret("dddddd", "0123456789abcdef", expires: Now.AddHours(-1), deleting: true)])).Status);
        Assert.Equal(PreflightStatus.Warn, TokenExpiryCheck.Evaluate(Inputs(flags: Flags(controllerManager: ["--controllers=*,bootstrapsigner"]))).Status);
    }

    [Fact]
    public void Csr_signing_fails_when_approved_csrs_get_no_certificate_and_is_unknown_without_evidence()
    {
        var rbac = TestRbac.Kubeadm().Policy;
        Assert.Equal(PreflightStatus.Unknown, CsrSigningCheck.Evaluate(Inputs()).Status);
        var stuck = KubeletCsr("csr-stuck", "n1", Now.AddMinutes(-20), rbac, [Condition("Approved", "AutoApproved", Now.AddMinutes(-19))]);
        var fail = CsrSigningCheck.Evaluate(Inputs(csrs: [stuck]));
        Assert.Equal(PreflightStatus.Fail, fail.Status);
        Assert.Contains("csr-stuck was approved", fail.Evidence[0], StringComparison.Ordinal);
        var justApproved = KubeletCsr("csr-new", "n1", Now.AddSeconds(-10), rbac, [Condition("Approved", "AutoApproved", Now.AddSeconds(-5))]);
        Assert.Equal(PreflightStatus.Unknown, CsrSigningCheck.Evaluate(Inputs(csrs: [justApproved])).Status);
        var failed = KubeletCsr("csr-failed", "n1", Now.AddMinutes(-3), rbac,
            [Condition("Approved", "AutoApproved", Now.AddMinutes(-3)), Condition("Failed", "SignerValidationFailure", Now.AddMinutes(-3))]);
        Assert.Equal(PreflightStatus.Warn, CsrSigningCheck.Evaluate(Inputs(csrs: [failed])).Status);
        var configured = Flags(controllerManager: ["--cluster-signing-cert-file=/pki/ca.crt", "--cluster-signing-key-file=/pki/ca.key"]);
        Assert.Equal(PreflightStatus.Pass, CsrSigningCheck.Evaluate(Inputs(flags: configured)).Status);
        Assert.Equal(PreflightStatus.Fail, CsrSigningCheck.Evaluate(Inputs(flags: Flags(controllerManager: ["--controllers=*"]))).Status);
    }

    [Fact]
    public void Csr_approving_fails_only_for_csrs_rbac_would_approve_that_wait_too_long()
    {
        var rbac = TestRbac.Kubeadm().Policy;
        Assert.Equal(PreflightStatus.Unknown, CsrApprovingCheck.Evaluate(Inputs(rbac: rbac)).Status);
        var approvable = KubeletCsr("csr-waiting", "n1", Now.AddMinutes(-20), rbac);
        Assert.True(approvable.Verdict.AutoApproval.WouldAutoApprove);
        var fail = CsrApprovingCheck.Evaluate(Inputs(csrs: [approvable], rbac: rbac));
        Assert.Equal(PreflightStatus.Fail, fail.Status);
        Assert.Contains("csr-waiting", fail.Evidence[0], StringComparison.Ordinal);

        // RBAC does not allow its auto-approval: a person must act, which is the checklist's business, not a broken controller.
        var forPeople = KubeletCsr("csr-person", "n1", Now.AddMinutes(-20), RbacPolicy.Empty);
        Assert.Equal(PreflightStatus.Unknown, CsrApprovingCheck.Evaluate(Inputs(csrs: [forPeople])).Status);
        var approved = KubeletCsr("csr-ok", "n2", Now.AddMinutes(-30), rbac, [Condition("Approved", "AutoApproved", Now.AddMinutes(-30))]);
        Assert.Equal(PreflightStatus.Pass, CsrApprovingCheck.Evaluate(Inputs(csrs: [approved])).Status);
        Assert.Equal(PreflightStatus.Warn, CsrApprovingCheck.Evaluate(Inputs(csrs: [approved, forPeople])).Status);
        Assert.Equal(PreflightStatus.Fail, CsrApprovingCheck.Evaluate(Inputs(csrs: [approved], flags: Flags(controllerManager: ["--controllers=*,-csrapproving"]))).Status);
    }

    [Fact]
    public void Options_are_validated_with_messages_that_name_the_key()
    {
        var validator = new PreflightOptionsValidator();
        Assert.True(validator.Validate(null, new PreflightOptions()).Succeeded);
        var result = validator.Validate(null, new PreflightOptions { MaxAge = TimeSpan.Zero, ProbeTimeout = TimeSpan.FromHours(1) });
        Assert.False(result.Succeeded);
        Assert.Contains(result.Failures!, f => f.StartsWith("Preflight:MaxAge", StringComparison.Ordinal));
        Assert.Contains(result.Failures!, f => f.StartsWith("Preflight:ProbeTimeout", StringComparison.Ordinal));
    }
}
