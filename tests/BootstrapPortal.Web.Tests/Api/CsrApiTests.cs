using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using BootstrapPortal.Web.Tests.Hosting;
using k8s;
using k8s.Models;
using Microsoft.Extensions.DependencyInjection;

namespace BootstrapPortal.Web.Tests.Api;

/// <summary>The CSR endpoints of /api/v1 on a real Kestrel host over the sandbox (two kubelets with serving certificates).</summary>
public sealed class CsrApiTests(SandboxPortalFixture fixture) : IClassFixture<SandboxPortalFixture>
{
    private const string TestSigner = "example.com/api-test";

    private static Uri Relative(string path) => new(path, UriKind.Relative);

    private static async Task<JsonElement> Json(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();

    private async Task<HttpClient> ReadyClient()
    {
        await fixture.WaitUntilReadyAsync(TimeSpan.FromSeconds(60));
        return fixture.Client;
    }

    private static byte[] RequestPem(string subject)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(new X500DistinguishedName(subject), key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName("api-test.example");
        request.CertificateExtensions.Add(san.Build());
        return Encoding.ASCII.GetBytes(request.CreateSigningRequestPem());
    }

    /// <summary>Creates a CSR for a signer no controller handles (it stays pending until the test decides), via the portal's own client.</summary>
    private async Task<string> CreateCsr(string subject = "O=test, CN=api-test", string signer = TestSigner)
    {
        var kubernetes = fixture.Server.Services.GetRequiredService<IKubernetes>();
        var created = await kubernetes.CertificatesV1.CreateCertificateSigningRequestAsync(new V1CertificateSigningRequest
        {
            Metadata = new V1ObjectMeta { GenerateName = "csr-api-" },
            Spec = new V1CertificateSigningRequestSpec { Request = RequestPem(subject), SignerName = signer, Usages = ["digital signature", "client auth"] },
        });
        return created.Metadata.Name;
    }

    private static async Task<JsonElement> WaitForRow(HttpClient client, Func<JsonElement, bool> match, string what, string query = "")
    {
        for (var i = 0; i < 300; i++)
        {
            using var response = await client.GetAsync(Relative("/api/v1/csrs" + query));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            foreach (var row in (await Json(response)).EnumerateArray())
            {
                if (match(row))
                {
                    return row;
                }
            }

            await Task.Delay(100);
        }

        throw new TimeoutException("No CSR row " + what);
    }

    private static void AssertRowShape(JsonElement row)
    {
        foreach (var property in new[] { "name", "signerName", "username", "state", "createdAt", "subject", "sans", "certificate", "verdict" })
        {
            Assert.True(row.TryGetProperty(property, out _), $"row has no {property}: {row}");
        }

        Assert.Equal(JsonValueKind.String, row.GetProperty("subject").GetProperty("commonName").ValueKind);
        Assert.Equal(JsonValueKind.Array, row.GetProperty("subject").GetProperty("organizations").ValueKind);
        foreach (var kind in new[] { "dns", "ip", "email", "uri" })
        {
            Assert.Equal(JsonValueKind.Array, row.GetProperty("sans").GetProperty(kind).ValueKind);
        }

        Assert.Contains(row.GetProperty("verdict").GetProperty("result").GetString(), new[] { "Pass", "Warn", "Fail" });
        Assert.Equal(JsonValueKind.Array, row.GetProperty("verdict").GetProperty("reasons").ValueKind);
    }

    [Fact]
    public async Task List_shows_issued_kubelet_client_csrs_with_certificate_and_pending_serving_csrs_with_verdicts()
    {
        var client = await ReadyClient();
        var issued = await WaitForRow(client, r => r.GetProperty("state").GetString() == "Issued"
            && r.GetProperty("signerName").GetString() == "kubernetes.io/kube-apiserver-client-kubelet", "issued kubelet client");
        AssertRowShape(issued);
        var certificate = issued.GetProperty("certificate");
        Assert.Matches("^[0-9A-F]+$", certificate.GetProperty("serialNumber").GetString());
        Assert.Matches("^([0-9A-F]{2}:){31}[0-9A-F]{2}$", certificate.GetProperty("sha256Fingerprint").GetString());
        Assert.True(certificate.GetProperty("notAfter").GetDateTimeOffset() > certificate.GetProperty("notBefore").GetDateTimeOffset());
        Assert.Contains("kubernetes", certificate.GetProperty("issuer").GetString(), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(["system:nodes"], issued.GetProperty("subject").GetProperty("organizations").EnumerateArray().Select(e => e.GetString()));

        var serving = await WaitForRow(client, _ => true, "pending serving", "?state=pending&signer=kubernetes.io/kubelet-serving");
        AssertRowShape(serving);
        Assert.Equal(JsonValueKind.Null, serving.GetProperty("certificate").ValueKind);
        Assert.Equal("Pass", serving.GetProperty("verdict").GetProperty("result").GetString());
        Assert.NotEmpty(serving.GetProperty("sans").GetProperty("ip").EnumerateArray());

        using var filtered = await client.GetAsync(Relative("/api/v1/csrs?state=Pending&signer=kubernetes.io/kubelet-serving"));
        Assert.All((await Json(filtered)).EnumerateArray(), r =>
        {
            Assert.Equal("Pending", r.GetProperty("state").GetString());
            Assert.Equal("kubernetes.io/kubelet-serving", r.GetProperty("signerName").GetString());
        });
    }

    [Fact]
    public async Task Unknown_state_filter_is_a_400_naming_the_field()
    {
        var client = await ReadyClient();
        using var response = await client.GetAsync(Relative("/api/v1/csrs?state=bogus"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await Json(response)).GetProperty("errors").TryGetProperty("state", out _));
    }

    [Fact]
    public async Task Detail_adds_the_full_decoded_request_and_unknown_names_are_404()
    {
        var client = await ReadyClient();
        var name = await CreateCsr();
        await WaitForRow(client, r => r.GetProperty("name").GetString() == name, name);
        using var response = await client.GetAsync(Relative("/api/v1/csrs/" + name));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var detail = await Json(response);
        AssertRowShape(detail);
        var request = detail.GetProperty("request");
        Assert.True(request.GetProperty("signatureValid").GetBoolean());
        Assert.Equal("EC P-256", request.GetProperty("publicKey").GetProperty("description").GetString());
        Assert.Equal(["api-test.example"], request.GetProperty("sans").GetProperty("dns").EnumerateArray().Select(e => e.GetString()));
        Assert.Contains(request.GetProperty("subject").EnumerateArray(), a => a.GetProperty("type").GetString() == "CN" && a.GetProperty("value").GetString() == "api-test");
        Assert.Equal(["digital signature", "client auth"], detail.GetProperty("usages").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("Warn", detail.GetProperty("verdict").GetProperty("result").GetString());

        using var missing = await client.GetAsync(Relative("/api/v1/csrs/no-such-csr"));
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal(404, (await Json(missing)).GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task Detail_verdict_lists_every_check_passed_or_not_and_what_approving_needs()
    {
        var client = await ReadyClient();
        var name = await CreateCsr("CN=system:kube-scheduler", "kubernetes.io/kube-apiserver-client");
        await WaitForRow(client, r => r.GetProperty("name").GetString() == name, name);

        using var response = await client.GetAsync(Relative("/api/v1/csrs/" + name));
        var verdict = (await Json(response)).GetProperty("verdict");

        Assert.Equal("Fail", verdict.GetProperty("result").GetString());
        Assert.Equal("Override", verdict.GetProperty("approval").GetString());
        Assert.False(verdict.GetProperty("decided").GetBoolean());
        var checks = verdict.GetProperty("checks").EnumerateArray().ToArray();
        Assert.All(checks, c =>
        {
            Assert.False(string.IsNullOrWhiteSpace(c.GetProperty("id").GetString()));
            Assert.Contains(c.GetProperty("result").GetString(), new[] { "Pass", "Info", "Warn", "Fail" });
            Assert.False(string.IsNullOrWhiteSpace(c.GetProperty("message").GetString()));
        });
        var commonName = Assert.Single(checks, c => c.GetProperty("id").GetString() == "common-name");
        Assert.Equal("Fail", commonName.GetProperty("result").GetString());
        Assert.Contains("control-plane component kube-scheduler", commonName.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Contains(checks, c => c.GetProperty("id").GetString() == "signature" && c.GetProperty("result").GetString() == "Pass");
        Assert.Contains(checks, c => c.GetProperty("id").GetString() == "usages" && c.GetProperty("result").GetString() == "Pass");
    }

    [Fact]
    public async Task Check_messages_stay_the_english_sentences_whatever_language_the_caller_reads()
    {
        var client = await ReadyClient();
        var name = await CreateCsr("CN=system:kube-scheduler", "kubernetes.io/kube-apiserver-client");
        await WaitForRow(client, r => r.GetProperty("name").GetString() == name, name);

        using var request = new HttpRequestMessage(HttpMethod.Get, Relative("/api/v1/csrs/" + name));
        request.Headers.AcceptLanguage.ParseAdd("zh-CN,zh-Hans;q=0.9");
        using var response = await client.SendAsync(request);
        var detail = await Json(response);
        var username = detail.GetProperty("username").GetString();
        var verdict = detail.GetProperty("verdict");
        var messages = verdict.GetProperty("checks").EnumerateArray()
            .ToDictionary(c => c.GetProperty("id").GetString()!, c => c.GetProperty("message").GetString());

        Assert.Equal("The request's self-signature verifies, so the requester holds the private key.", messages["signature"]);
        Assert.Equal("kube-apiserver accepts certificates of this signer as client credentials: the common name becomes the user and each organization a group.", messages["signer"]);
        Assert.Equal($"The common name claims the control-plane component kube-scheduler (system:kube-scheduler), which {username} cannot be given: approving lets the certificate act as it.",
            messages["common-name"]);
        Assert.Equal("The subject has no organization, so it claims no group.", messages["organization"]);
        Assert.Equal("kube-apiserver ignores subjectAltNames when it authenticates a client certificate (DNS api-test.example).", messages["sans"]);
        Assert.Equal("No lifetime is requested, so the signer's default applies.", messages["lifetime"]);
        Assert.Equal("kube-controller-manager never auto-approves requests for this signer; a person must decide.", messages["auto-approval"]);
        Assert.Equal([messages["common-name"]], verdict.GetProperty("reasons").EnumerateArray().Select(r => r.GetString()));
        Assert.DoesNotContain(verdict.GetProperty("checks").EnumerateArray(), c => c.TryGetProperty("text", out _));
    }

    [Fact]
    public async Task Approving_a_failing_verdict_is_a_409_with_the_reasons_unless_the_body_overrides_it()
    {
        var client = await ReadyClient();
        var name = await CreateCsr("CN=system:admin", "kubernetes.io/kube-apiserver-client");
        await WaitForRow(client, r => r.GetProperty("name").GetString() == name, name);
        var kubernetes = fixture.Server.Services.GetRequiredService<IKubernetes>();

        using (var refused = await client.PostAsJsonAsync(Relative($"/api/v1/csrs/{name}/approve"), new { reason = "looks fine" }))
        {
            Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
            Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
            var problem = await Json(refused);
            Assert.Equal(409, problem.GetProperty("status").GetInt32());
            Assert.Contains(problem.GetProperty("reasons").EnumerateArray(), r => r.GetString()!.Contains("cluster administrator identity", StringComparison.Ordinal));
            Assert.Contains(problem.GetProperty("checks").EnumerateArray(), c => c.GetProperty("id").GetString() == "common-name" && c.GetProperty("result").GetString() == "Fail");
        }

        Assert.Empty((await kubernetes.CertificatesV1.ReadCertificateSigningRequestAsync(name)).Status?.Conditions ?? []);

        using (var noReason = await client.PostAsJsonAsync(Relative($"/api/v1/csrs/{name}/approve"), new { @override = true }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
            Assert.True((await Json(noReason)).GetProperty("errors").TryGetProperty("reason", out _));
        }

        using (var overridden = await client.PostAsJsonAsync(Relative($"/api/v1/csrs/{name}/approve"), new { reason = "break-glass credential for the incident", @override = true }))
        {
            Assert.Equal(HttpStatusCode.OK, overridden.StatusCode);
            var body = await Json(overridden);
            Assert.Equal("Approved", body.GetProperty("outcome").GetString());
            Assert.Equal("Fail", body.GetProperty("verdict").GetString());
            Assert.Contains(body.GetProperty("checks").EnumerateArray(), c => c.GetProperty("id").GetString() == "common-name");
        }

        Assert.Contains((await kubernetes.CertificatesV1.ReadCertificateSigningRequestAsync(name)).Status.Conditions,
            c => c.Type == "Approved" && c.Message.StartsWith("break-glass credential for the incident", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Html_in_a_subject_is_returned_as_plain_text()
    {
        var client = await ReadyClient();
        var name = await CreateCsr("CN=<script>alert(1)</script>");
        var row = await WaitForRow(client, r => r.GetProperty("name").GetString() == name, name);
        Assert.Equal("<script>alert(1)</script>", row.GetProperty("subject").GetProperty("commonName").GetString());
    }

    [Fact]
    public async Task Approve_200_then_409_when_already_decided_deny_200_missing_reason_400_unknown_404()
    {
        var client = await ReadyClient();
        var first = await CreateCsr();
        var second = await CreateCsr();

        using (var noReason = await client.PostAsJsonAsync(Relative($"/api/v1/csrs/{first}/approve"), new { }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
            Assert.True((await Json(noReason)).GetProperty("errors").TryGetProperty("reason", out _));
        }

        using (var approved = await client.PostAsJsonAsync(Relative($"/api/v1/csrs/{first}/approve"), new { reason = "api test" }))
        {
            Assert.Equal(HttpStatusCode.OK, approved.StatusCode);
            var body = await Json(approved);
            Assert.Equal("Approved", body.GetProperty("outcome").GetString());
            Assert.Equal("ApprovedByBootstrapPortal", body.GetProperty("condition").GetProperty("reason").GetString());
            Assert.Equal("api test (by anonymous@loopback via BootstrapPortal)", body.GetProperty("condition").GetProperty("message").GetString());
        }

        using (var again = await client.PostAsJsonAsync(Relative($"/api/v1/csrs/{first}/deny"), new { reason = "changed my mind" }))
        {
            Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
            var body = await Json(again);
            Assert.Equal("AlreadyDecided", body.GetProperty("outcome").GetString());
            Assert.Equal("Approved", body.GetProperty("condition").GetProperty("type").GetString());
        }

        using (var denied = await client.PostAsJsonAsync(Relative($"/api/v1/csrs/{second}/deny"), new { reason = "not expected" }))
        {
            Assert.Equal(HttpStatusCode.OK, denied.StatusCode);
            Assert.Equal("Denied", (await Json(denied)).GetProperty("outcome").GetString());
        }

        using (var unknown = await client.PostAsJsonAsync(Relative("/api/v1/csrs/no-such-csr/approve"), new { reason = "x" }))
        {
            Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        }

        var kubernetes = fixture.Server.Services.GetRequiredService<IKubernetes>();
        Assert.Equal(["Approved"], (await kubernetes.CertificatesV1.ReadCertificateSigningRequestAsync(first)).Status.Conditions.Select(c => c.Type));
        Assert.Equal(["Denied"], (await kubernetes.CertificatesV1.ReadCertificateSigningRequestAsync(second)).Status.Conditions.Select(c => c.Type));
    }

    [Fact]
    public async Task Csr_endpoints_are_in_the_openapi_document()
    {
        var client = await ReadyClient();
        using var response = await client.GetAsync(Relative("/openapi/v1.json"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var paths = (await Json(response)).GetProperty("paths");
        foreach (var path in new[] { "/api/v1/csrs", "/api/v1/csrs/{name}", "/api/v1/csrs/{name}/approve", "/api/v1/csrs/{name}/deny", "/api/v1/csrs/approve" })
        {
            Assert.True(paths.TryGetProperty(path, out _), "missing " + path);
        }
    }
}
