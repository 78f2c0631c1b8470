using System.Text.Encodings.Web;
using System.Text.Json;

namespace BootstrapPortal.Sandbox.Server;

/// <summary>JSON settings for the wire: compact, no HTML escaping (Go's encoder escapes &lt;&gt;&amp; but clients do not care).</summary>
internal static class SandboxJson
{
    public static readonly JsonSerializerOptions Options = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        WriteIndented = false,
    };

    public static readonly JsonWriterOptions WriterOptions = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Indented = false,
        SkipValidation = false,
    };
}
