using Microsoft.Extensions.Options;

namespace BootstrapPortal.Core.Tests;

/// <summary>An options monitor whose value never changes, for services that take <see cref="IOptionsMonitor{TOptions}"/>.</summary>
internal sealed class StaticOptionsMonitor<T>(T value) : IOptionsMonitor<T>
{
    public T CurrentValue => value;

    public T Get(string? name) => value;

    public IDisposable? OnChange(Action<T, string?> listener) => null;
}
