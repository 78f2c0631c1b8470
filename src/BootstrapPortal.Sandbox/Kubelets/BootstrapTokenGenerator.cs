using System.Security.Cryptography;

namespace BootstrapPortal.Sandbox.Kubelets;

/// <summary>Random bootstrap token parts as k8s.io/cluster-bootstrap <c>token/util/helpers.go</c> makes them (reference §1.1).</summary>
public static class BootstrapTokenGenerator
{
    private const string Alphabet = "0123456789abcdefghijklmnopqrstuvwxyz";

    /// <summary>A new (6-character id, 16-character secret) pair.</summary>
    public static (string Id, string Secret) NewToken() => (RandomString(6), RandomString(16));

    /// <summary>CSPRNG bytes; bytes ≥ 252 are discarded so that 36 divides evenly; character = alphabet[b % 36].</summary>
    public static string RandomString(int length)
    {
        var chars = new char[length];
        var filled = 0;
        Span<byte> buffer = stackalloc byte[32];
        while (filled < length)
        {
            RandomNumberGenerator.Fill(buffer);
            foreach (var b in buffer)
            {
                if (b >= 252)
                {
                    continue;
                }

                chars[filled++] = Alphabet[b % 36];
                if (filled == length)
                {
                    break;
                }
            }
        }

        return new string(chars);
    }
}
