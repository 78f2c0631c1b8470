using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;

namespace BootstrapPortal.Web.Components.Shared;

/// <summary>
/// Keeps a list page's filters in the address bar after the page has already shown their rows. In Blazor Server every change
/// of the browser's URL is a JS interop call, and <see cref="NavigationManager.NavigateTo(string, bool, bool)"/> makes it
/// fire-and-forget: when the call fails (a timeout on a slow browser, a dropped connection) its exception is reported as
/// unhandled and ends the circuit (aspnetcore <c>src/Components/Server/src/Circuits/RemoteNavigationManager.cs</c>,
/// <c>NavigateToCore</c>). Here the same browser function, <c>Blazor.navigateTo</c>, is awaited: its failure is logged
/// and the page stays as it is, its rows already right. The location change the browser reports back afterwards is
/// recognised by <see cref="IsOwnEcho"/>, so a late echo of an older filter never replaces what the user typed since.
/// One per circuit; the renderer calls it on its own thread.
/// </summary>
public sealed partial class ListUrl(NavigationManager navigation, IJSRuntime js, ILogger<ListUrl> logger)
{
    private const int MaxPending = 32;
    private readonly List<string> _pending = [];

    /// <summary>Replaces the current history entry with the page's address for <paramref name="query"/>.</summary>
    public Task ReplaceAsync(IReadOnlyDictionary<string, object?> query) => GoAsync(navigation.GetUriWithQueryParameters(query), replace: true);

    /// <summary>Moves to <paramref name="uri"/> (a new history entry unless <paramref name="replace"/>) when the page already shows it.</summary>
    public async Task GoAsync(string uri, bool replace)
    {
        ArgumentException.ThrowIfNullOrEmpty(uri);
        var shown = _pending.Count > 0 ? _pending[^1] : navigation.Uri;
        if (string.Equals(uri, shown, StringComparison.Ordinal))
        {
            return;
        }

        if (_pending.Count == MaxPending)
        {
            _pending.RemoveAt(0);
        }

        _pending.Add(uri);
        try
        {
            await js.InvokeVoidAsync("Blazor.navigateTo", uri, new { forceLoad = false, replaceHistoryEntry = replace });
        }
        catch (Exception ex) when (ex is OperationCanceledException or JSDisconnectedException)
        {
            _pending.Remove(uri);
            LogNotUpdated(logger, ex.GetType().Name);
        }
        catch (JSException ex)
        {
            _pending.Remove(uri);
            LogFailed(logger, ex);
        }
    }

    /// <summary>
    /// True, once, when the address the page's parameters come from is one this page wrote itself: its state already shows
    /// that address or a newer one, so the parameters are not news.
    /// </summary>
    public bool IsOwnEcho() => _pending.Count > 0 && _pending.Remove(navigation.Uri);

    [LoggerMessage(Level = LogLevel.Debug, Message = "The address bar was not updated ({Reason}); the page keeps its filters")]
    private static partial void LogNotUpdated(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The browser refused to update the address bar; the page keeps its filters")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
