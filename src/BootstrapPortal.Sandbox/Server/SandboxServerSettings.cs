namespace BootstrapPortal.Sandbox.Server;

/// <summary>Internal knobs (tests shorten them): watch history size, bookmark interval, default watch lifetime.</summary>
internal sealed class SandboxServerSettings
{
    public int HistoryCapacity { get; set; } = 1000;

    public TimeSpan BookmarkInterval { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Lower bound of the random watch lifetime when no timeoutSeconds is given (real: 30 min; upper bound is twice this).</summary>
    public TimeSpan MinRequestTimeout { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>How long a read waits for a resourceVersion the store has not reached before answering 504 (the watch cache's 3 s).</summary>
    public TimeSpan TooLargeResourceVersionWait { get; set; } = TimeSpan.FromSeconds(3);
}
