using System.Security.Cryptography;

namespace BootstrapPortal.Core.Tokens;

/// <summary>
/// Generates token ids and secrets the way k8s.io/cluster-bootstrap <c>token/util/helpers.go</c> does:
/// random bytes, every byte <c>&gt;= 252</c> discarded (so that 36 divides the range evenly), character <c>alphabet[b % 36]</c>.
/// </summary>
public sealed class BootstrapTokenGenerator
{
    public const string Alphabet = "0123456789abcdefghijklmnopqrstuvwxyz";

    /// <summary>Bytes at or above this value are discarded: 252 = 7 × 36.</summary>
    public const int RejectionThreshold = 252;

    private readonly Action<Span<byte>> _fill;

    /// <summary>A generator over the operating system's CSPRNG.</summary>
    public BootstrapTokenGenerator()
        : this(RandomNumberGenerator.Fill)
    {
    }

    /// <summary>A generator over <paramref name="fill"/> (tests feed a deterministic byte source).</summary>
    public BootstrapTokenGenerator(Action<Span<byte>> fill)
    {
        ArgumentNullException.ThrowIfNull(fill);
        _fill = fill;
    }

    /// <summary>A new token id (6 characters).</summary>
    public string NewId() => RandomString(BootstrapTokenFormat.IdLength);

    /// <summary>A new token secret (16 characters).</summary>
    public string NewSecret() => RandomString(BootstrapTokenFormat.SecretLength);

    /// <summary><paramref name="length"/> characters of <see cref="Alphabet"/> with rejection sampling.</summary>
    public string RandomString(int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        var result = new char[length];
        Span<byte> buffer = stackalloc byte[32];
        var count = 0;
        while (count < length)
        {
            _fill(buffer);
            foreach (var b in buffer)
            {
                if (b >= RejectionThreshold)
                {
                    continue;
                }

                result[count++] = Alphabet[b % Alphabet.Length];
                if (count == length)
                {
                    break;
                }
            }
        }

        CryptographicOperations.ZeroMemory(buffer);
        return new string(result);
    }
}
