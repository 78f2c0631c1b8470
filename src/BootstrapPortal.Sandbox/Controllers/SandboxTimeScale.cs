namespace BootstrapPortal.Sandbox.Controllers;

/// <summary>
/// The sandbox "clock speed": durations that Kubernetes components measure (certificate lifetimes, garbage-collection ages,
/// token TTLs the sandbox creates) are divided by <see cref="SandboxOptions.ClockSpeed"/>, so a demo rotates certificates
/// within minutes, while every timestamp stays real wall-clock time that real clients and openssl accept.
/// </summary>
public sealed class SandboxTimeScale
{
    public SandboxTimeScale(double clockSpeed, TimeProvider timeProvider)
    {
        if (!(clockSpeed > 0) || double.IsInfinity(clockSpeed))
        {
            throw new ArgumentOutOfRangeException(nameof(clockSpeed), clockSpeed, "ClockSpeed must be a positive number.");
        }

        ClockSpeed = clockSpeed;
        TimeProvider = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));
    }

    public double ClockSpeed { get; }

    public TimeProvider TimeProvider { get; }

    /// <summary>Current real time (UTC).</summary>
    public DateTimeOffset UtcNow => TimeProvider.GetUtcNow();

    /// <summary>Real duration that corresponds to <paramref name="sandboxDuration"/> of Kubernetes time.</summary>
    public TimeSpan Scale(TimeSpan sandboxDuration) => sandboxDuration / ClockSpeed;

    /// <summary><see cref="Scale"/> clamped to [<paramref name="min"/>, <paramref name="max"/>] (for polling periods).</summary>
    public TimeSpan ScaleClamped(TimeSpan sandboxDuration, TimeSpan min, TimeSpan max)
    {
        var scaled = Scale(sandboxDuration);
        return scaled < min ? min : scaled > max ? max : scaled;
    }
}
