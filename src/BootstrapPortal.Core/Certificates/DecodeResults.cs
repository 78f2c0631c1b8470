namespace BootstrapPortal.Core.Certificates;

/// <summary>Factory methods for <see cref="DecodeResult{T}"/>.</summary>
public static class DecodeResults
{
    public static DecodeResult<T> Success<T>(T value, IReadOnlyList<string>? warnings = null)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(value);
        return new DecodeResult<T>(value, null, warnings ?? []);
    }

    public static DecodeResult<T> Failure<T>(string error)
        where T : class
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(error);
        return new DecodeResult<T>(null, error, []);
    }
}
