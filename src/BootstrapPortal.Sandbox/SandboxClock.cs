namespace BootstrapPortal.Sandbox;

/// <summary>A clock that runs <see cref="Speed"/> times faster than real time from the moment it is created.</summary>
public sealed class SandboxClock : TimeProvider
{
    private readonly TimeProvider inner;
    private readonly DateTimeOffset origin;
    private readonly long startTimestamp;

    public SandboxClock(double speed, TimeProvider? inner = null)
    {
        if (speed <= 0 || double.IsNaN(speed) || double.IsInfinity(speed))
        {
            throw new ArgumentOutOfRangeException(nameof(speed), speed, "Clock speed must be positive.");
        }

        this.inner = inner ?? System;
        Speed = speed;
        origin = this.inner.GetUtcNow();
        startTimestamp = this.inner.GetTimestamp();
    }

    public double Speed { get; }

    public override DateTimeOffset GetUtcNow()
    {
        var elapsed = inner.GetElapsedTime(startTimestamp);
        return origin + TimeSpan.FromTicks((long)(elapsed.Ticks * Speed));
    }
}
