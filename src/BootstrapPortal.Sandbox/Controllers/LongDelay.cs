namespace BootstrapPortal.Sandbox.Controllers;

/// <summary>Waits that may be longer than <see cref="Task.Delay(TimeSpan)"/> allows (about 49 days), e.g. until a certificate's rotation deadline.</summary>
internal static class LongDelay
{
    /// <summary>The longest single timer the helpers use.</summary>
    public static readonly TimeSpan MaxChunk = TimeSpan.FromDays(1);

    public static async Task UntilAsync(DateTimeOffset deadline, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        while (true)
        {
            var remaining = deadline - timeProvider.GetUtcNow();
            if (remaining <= TimeSpan.Zero)
            {
                return;
            }

            await Task.Delay(remaining < MaxChunk ? remaining : MaxChunk, timeProvider, cancellationToken);
        }
    }
}
