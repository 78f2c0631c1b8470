namespace BootstrapPortal.Web.Hosting;

/// <summary>
/// The <c>Circuits</c> section: how long the server keeps a browser tab's state after its connection drops, and the limits of
/// one circuit. Every session holds only the page of rows it shows, so what a circuit costs is mostly how many are kept;
/// the reasons for each default are in docs/performance.md ("Circuits and memory").
/// </summary>
public sealed class CircuitSettings
{
    public const string SectionName = "Circuits";

    /// <summary>Disconnected circuits kept for a reconnect (ASP.NET Core's default: 100).</summary>
    public int DisconnectedMaxRetained { get; set; } = 20;

    /// <summary>How long a disconnected circuit is kept for a reconnect (ASP.NET Core's default: 3 minutes).</summary>
    public TimeSpan DisconnectedRetentionPeriod { get; set; } = TimeSpan.FromSeconds(45);

    /// <summary>How long a call into the browser may take (ASP.NET Core's default: 1 minute).</summary>
    public TimeSpan JSInteropDefaultCallTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Render batches sent ahead of the browser's acknowledgement (ASP.NET Core's default: 10).</summary>
    public int MaxBufferedUnacknowledgedRenderBatches { get; set; } = 4;

    /// <summary>Largest message the browser may send over the circuit, in bytes (SignalR's default: 32 KB).</summary>
    public long MaximumReceiveMessageSize { get; set; } = 32 * 1024;
}
