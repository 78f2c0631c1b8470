using System.Text;

namespace BootstrapPortal.Web.Tests.Api;

/// <summary>State-changing API calls as a script makes them: every one declares <c>Content-Type: application/json</c>.</summary>
internal static class ApiRequests
{
    /// <summary>An empty body declared as JSON (what a call with nothing to say sends).</summary>
    public static HttpContent EmptyJson() => new StringContent(string.Empty, Encoding.UTF8, "application/json");

    public static async Task<HttpResponseMessage> DeleteJsonAsync(this HttpClient client, Uri uri)
    {
        ArgumentNullException.ThrowIfNull(client);
        using var request = new HttpRequestMessage(HttpMethod.Delete, uri) { Content = EmptyJson() };
        return await client.SendAsync(request);
    }
}
