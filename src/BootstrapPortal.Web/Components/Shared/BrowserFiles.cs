using Microsoft.JSInterop;

namespace BootstrapPortal.Web.Components.Shared;

/// <summary>Browser-side file saving and clipboard, per circuit.</summary>
public sealed class BrowserFiles(IJSRuntime js)
{
    /// <summary>Streams the bytes to the browser, which saves them as a file through a blob (never a URL carrying the content).</summary>
    public async Task SaveAsync(string fileName, string contentType, byte[] content, CancellationToken cancellationToken = default)
    {
        using var stream = new MemoryStream(content, writable: false);
        using var reference = new DotNetStreamReference(stream);
        await js.InvokeVoidAsync("bootstrapPortal.download", cancellationToken, fileName, contentType, reference);
    }

    public ValueTask<bool> CopyAsync(string text, CancellationToken cancellationToken = default) =>
        js.InvokeAsync<bool>("bootstrapPortal.copy", cancellationToken, text);
}
