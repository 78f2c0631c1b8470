namespace BootstrapPortal.Core.Cache;

/// <summary>Timing of list+watch loops (configuration section <c>Cache</c>).</summary>
public sealed class InformerOptions
{
    public const string SectionName = "Cache";

    /// <summary>Items per list page.</summary>
    public int PageSize { get; set; } = 500;

    /// <summary>First retry delay after a failure; doubles up to <see cref="MaxBackoff"/>.</summary>
    public TimeSpan InitialBackoff { get; set; } = TimeSpan.FromMilliseconds(500);

    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Watch requests ask the server to end the stream after a random time in [min, 2×min), as client-go does.</summary>
    public TimeSpan MinWatchTimeout { get; set; } = TimeSpan.FromMinutes(5);
}
