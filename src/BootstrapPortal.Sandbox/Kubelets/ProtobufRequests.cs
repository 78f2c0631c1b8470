using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using BootstrapPortal.Sandbox.Server;
using k8s;
using k8s.Autorest;

namespace BootstrapPortal.Sandbox.Kubelets;

/// <summary>
/// Creates objects with Kubernetes protobuf bodies, as kubelets do (their client's content type is
/// <c>application/vnd.kubernetes.protobuf</c>, k/k cmd/kubelet/app/options/options.go <c>--kube-api-content-type</c>); answers are
/// read as JSON. Failures surface as <see cref="HttpOperationException"/> like the client's own calls.
/// </summary>
internal static class ProtobufRequests
{
    public static async Task<T> CreateAsync<T>(Kubernetes client, string path, T body, CancellationToken cancellationToken)
    {
        var json = JsonNode.Parse(KubernetesJson.Serialize(body))!.AsObject();
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(client.BaseUri, path))
        {
            Content = new ByteArrayContent(ProtobufDecoder.Encode(json)),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue(ProtobufDecoder.MediaType);
        request.Headers.Accept.ParseAdd("application/json");
        using var response = await client.HttpClient.SendAsync(request, cancellationToken);
        var content = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpOperationException($"Operation returned an invalid status code '{response.StatusCode}', response body {content}")
            {
                Response = new HttpResponseMessageWrapper(response, content),
            };
        }

        return KubernetesJson.Deserialize<T>(content);
    }
}
