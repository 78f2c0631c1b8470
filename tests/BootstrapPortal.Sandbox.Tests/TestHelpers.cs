using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace BootstrapPortal.Sandbox.Tests;

internal static class TestHelpers
{
    /// <summary>A PEM PKCS#10 request for <paramref name="commonName"/> with one O per group.</summary>
    public static byte[] CsrPem(string commonName, params string[] organizations)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(SandboxCertificateAuthority.BuildSubject(commonName, organizations), key, HashAlgorithmName.SHA256);
        return Encoding.ASCII.GetBytes(request.CreateSigningRequestPem());
    }

    public static V1CertificateSigningRequest KubeletClientCsr(string name, string node = "w1", int? expirationSeconds = null) => new()
    {
        Metadata = new V1ObjectMeta { Name = name },
        Spec = new V1CertificateSigningRequestSpec
        {
            Request = CsrPem("system:node:" + node, "system:nodes"),
            SignerName = "kubernetes.io/kube-apiserver-client-kubelet",
            Usages = ["digital signature", "client auth"],
            ExpirationSeconds = expirationSeconds,
        },
    };

    /// <summary>Asserts the call fails with <paramref name="code"/> and returns the Status body.</summary>
    public static async Task<JsonElement> FailsWith(HttpStatusCode code, Func<Task> call)
    {
        var ex = await Assert.ThrowsAsync<HttpOperationException>(call);
        Assert.Equal(code, ex.Response.StatusCode);
        var status = JsonDocument.Parse(ex.Response.Content).RootElement.Clone();
        Assert.Equal("Status", status.GetProperty("kind").GetString());
        Assert.Equal("v1", status.GetProperty("apiVersion").GetString());
        Assert.Equal("Failure", status.GetProperty("status").GetString());
        Assert.Equal((int)code, status.GetProperty("code").GetInt32());
        return status;
    }

    public static string Message(this JsonElement status) => status.GetProperty("message").GetString()!;

    public static string Reason(this JsonElement status) => status.GetProperty("reason").GetString()!;

    /// <summary>Creates a bootstrap token Secret like kubeadm does.</summary>
    public static V1Secret TokenSecret(string id, string secret, DateTimeOffset? expiration, bool authentication = true,
        string groups = "system:bootstrappers:kubeadm:default-node-token")
    {
        var data = new Dictionary<string, byte[]>
        {
            ["token-id"] = Encoding.UTF8.GetBytes(id),
            ["token-secret"] = Encoding.UTF8.GetBytes(secret),
            ["usage-bootstrap-signing"] = Encoding.UTF8.GetBytes("true"),
            ["auth-extra-groups"] = Encoding.UTF8.GetBytes(groups),
        };
        if (authentication)
        {
            data["usage-bootstrap-authentication"] = Encoding.UTF8.GetBytes("true");
        }

        if (expiration is not null)
        {
            data["expiration"] = Encoding.UTF8.GetBytes(expiration.Value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture));
        }

        return new V1Secret
        {
            Metadata = new V1ObjectMeta { Name = "bootstrap-token-" + id, NamespaceProperty = "kube-system" },
            Type = "bootstrap.kubernetes.io/token",
            Data = data,
        };
    }

    public static string RandomTokenPart(int length)
    {
        const string alphabet = "0123456789abcdefghijklmnopqrstuvwxyz";
        return string.Concat(Enumerable.Range(0, length).Select(_ => alphabet[RandomNumberGenerator.GetInt32(alphabet.Length)]));
    }

    /// <summary>Raw HTTPS request through the client's own handler (TLS + client certificate).</summary>
    public static async Task<(HttpStatusCode Status, string Body, HttpResponseMessage Response)> SendRawAsync(Kubernetes client, HttpMethod method,
        string path, string? body = null, string contentType = "application/json")
    {
        using var request = new HttpRequestMessage(method, new Uri(client.BaseUri, path));
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8);
            request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(contentType);
        }

        var response = await client.HttpClient.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(), response);
    }
}
