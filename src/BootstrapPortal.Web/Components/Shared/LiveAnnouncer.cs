namespace BootstrapPortal.Web.Components.Shared;

/// <summary>
/// The result of a person's action (an approval, a deletion), said to screen readers through the layout's polite live
/// region. Scoped: one per browser tab, so a message reaches only the person who acted. The layout's region exists from the
/// first render, which is what lets assistive technology notice a change of its text.
/// </summary>
public sealed class LiveAnnouncer
{
    private readonly Lock _lock = new();
    private int _sequence;

    /// <summary>Raised with the message and its sequence number (a repeated message still counts as new).</summary>
    public event Action<string, int>? Announced;

    /// <summary>The last message, or null before the first.</summary>
    public string? Message { get; private set; }

    /// <summary>Increments with every message; the region uses it to make a repeated text a change.</summary>
    public int Sequence => Volatile.Read(ref _sequence);

    public void Announce(string message)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(message);
        int sequence;
        lock (_lock)
        {
            Message = message;
            sequence = ++_sequence;
        }

        Announced?.Invoke(message, sequence);
    }
}
