namespace BootstrapPortal.Core.Certificates;

/// <summary>One PEM block and the byte range <c>[Start, End)</c> it occupies in the input (End is after its END line).</summary>
internal sealed record PemBlock(string Type, IReadOnlyDictionary<string, string> Headers, byte[] Bytes, int Start, int End);
