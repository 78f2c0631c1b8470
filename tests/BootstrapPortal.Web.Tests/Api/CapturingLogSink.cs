using System.Collections.Concurrent;
using System.Text;
using Serilog.Core;
using Serilog.Events;

namespace BootstrapPortal.Web.Tests.Api;

/// <summary>A Serilog sink that keeps every event as one line: level, source, rendered message, every property, exception.</summary>
public sealed class CapturingLogSink : ILogEventSink
{
    private readonly ConcurrentQueue<string> _lines = new();

    public IReadOnlyList<string> Lines => [.. _lines];

    public void Emit(LogEvent logEvent)
    {
        ArgumentNullException.ThrowIfNull(logEvent);
        var line = new StringBuilder()
            .Append(logEvent.Level).Append(' ')
            .Append(logEvent.RenderMessage(System.Globalization.CultureInfo.InvariantCulture));
        foreach (var (name, value) in logEvent.Properties)
        {
            line.Append(' ').Append(name).Append('=').Append(value.ToString());
        }

        if (logEvent.Exception is not null)
        {
            line.Append(' ').Append(logEvent.Exception);
        }

        _lines.Enqueue(line.ToString());
    }
}
