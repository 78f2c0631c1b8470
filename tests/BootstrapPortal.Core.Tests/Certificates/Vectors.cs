using System.Runtime.CompilerServices;
using System.Text.Json;

namespace BootstrapPortal.Core.Tests.Certificates;

/// <summary>The worked-example files of the reference (copied from shared/reference/vectors into Vectors/).</summary>
internal static class Vectors
{
    public static string Directory { get; } = Locate();

    public static string PathOf(string name) => Path.Combine(Directory, name);

    public static byte[] Bytes(string name) => File.ReadAllBytes(PathOf(name));

    /// <summary>A base64 bytes field of a JSON vector, decoded as the C# client would (e.g. "spec.request").</summary>
    public static byte[] JsonBytesField(string name, string dottedPath)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(PathOf(name)));
        var element = document.RootElement;
        foreach (var part in dottedPath.Split('.'))
        {
            element = element.GetProperty(part);
        }

        return element.GetBytesFromBase64();
    }

    private static string Locate([CallerFilePath] string source = "") =>
        Path.Combine(Path.GetDirectoryName(source)!, "Vectors");
}
