using System.Diagnostics.CodeAnalysis;

namespace BootstrapPortal.Core.Certificates;

/// <summary>
/// Outcome of a decode: either <see cref="Value"/> (success) or <see cref="Error"/> (a human-readable reason).
/// Decoders never throw; every failure is reported here.
/// </summary>
public sealed record DecodeResult<T>
    where T : class
{
    internal DecodeResult(T? value, string? error, IReadOnlyList<string> warnings)
    {
        Value = value;
        Error = error;
        Warnings = warnings;
    }

    /// <summary>The decoded value; null when the decode failed.</summary>
    public T? Value { get; }

    /// <summary>Why the decode failed; null on success.</summary>
    public string? Error { get; }

    /// <summary>Input that was accepted but ignored (e.g. text around the PEM block in kube-apiserver mode).</summary>
    public IReadOnlyList<string> Warnings { get; }

    [MemberNotNullWhen(true, nameof(Value))]
    [MemberNotNullWhen(false, nameof(Error))]
    public bool IsSuccess => Value is not null;
}
