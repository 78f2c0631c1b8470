using System.Text.Json;
using k8s.Autorest;

namespace BootstrapPortal.Core.Cluster;

/// <summary>Turns failures of Kubernetes calls into one line a person can act on.</summary>
public static class KubernetesErrors
{
    public static string Describe(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return exception switch
        {
            HttpOperationException http => DescribeHttp(http),
            k8s.KubernetesException k => $"{k.Status?.Code} {k.Status?.Reason}: {k.Status?.Message}",
            TaskCanceledException or OperationCanceledException => "The request timed out or was cancelled.",
            _ => exception.GetBaseException().Message,
        };
    }

    /// <summary>The HTTP status code of a failed call, if it was an API answer.</summary>
    public static int? StatusCode(Exception exception) =>
        exception is HttpOperationException { Response: { } response } ? (int)response.StatusCode : null;

    private static string DescribeHttp(HttpOperationException http)
    {
        var code = (int)(http.Response?.StatusCode ?? 0);
        var content = http.Response?.Content;
        if (!string.IsNullOrWhiteSpace(content))
        {
            try
            {
                using var document = JsonDocument.Parse(content);
                if (document.RootElement.ValueKind == JsonValueKind.Object
                    && document.RootElement.TryGetProperty("message", out var message)
                    && message.ValueKind == JsonValueKind.String)
                {
                    return $"{code} {http.Response?.ReasonPhrase}: {message.GetString()}";
                }
            }
            catch (JsonException)
            {
                // Not a Status object: fall through to the raw text.
            }

            return $"{code} {http.Response?.ReasonPhrase}: {(content.Length > 300 ? content[..300] + "…" : content)}";
        }

        return $"{code} {http.Response?.ReasonPhrase}";
    }
}
