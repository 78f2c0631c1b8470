using System.Globalization;
using Serilog.Core;
using Serilog.Events;
using Serilog.Formatting.Display;

namespace BootstrapPortal.Web.Hosting;

/// <summary>Log lines in a plain text template to a writer (the Development console of a host that is not the process's own).</summary>
public sealed class PlainTextSink(TextWriter output, string template) : ILogEventSink
{
    private readonly MessageTemplateTextFormatter _formatter = new(template, CultureInfo.InvariantCulture);
    private readonly Lock _lock = new();

    public void Emit(LogEvent logEvent)
    {
        ArgumentNullException.ThrowIfNull(logEvent);
        lock (_lock)
        {
            _formatter.Format(logEvent, output);
            output.Flush();
        }
    }
}
