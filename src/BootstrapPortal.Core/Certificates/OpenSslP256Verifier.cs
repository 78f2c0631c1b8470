using System.Runtime.InteropServices;
using System.Security.Cryptography;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.X509;

namespace BootstrapPortal.Core.Certificates;

/// <summary>
/// Verifies ECDSA signatures by P-256 keys (what kubelets and kubeadm generate) with the system's OpenSSL 3 through its
/// EC_KEY interface. Every CSR carries its own key, and importing a key through .NET's <see cref="ECDsa"/> (OpenSSL's
/// decoder and provider framework) costs about three times the verification itself; setting the point on an EC_KEY of a
/// shared, read-only P-256 group costs almost nothing, so this verifies at about the rate of <c>openssl speed ecdsap256</c>.
/// The checks are those of the platform path: the point must decode and lie on the curve (<c>EC_KEY_oct2key</c>; the
/// point at infinity and odd lengths are refused before), and <c>ECDSA_verify</c> accepts only a minimal DER SEQUENCE of
/// two INTEGERs with nothing after it, as Go's <c>crypto/ecdsa.VerifyASN1</c> does. Where OpenSSL 3's libcrypto is not
/// there (not Linux, or another library name) it answers null and the caller takes the platform path.
/// </summary>
internal static class OpenSslP256Verifier
{
    private const string EcPublicKeyOid = "1.2.840.10045.2.1";
    private const string P256Oid = "1.2.840.10045.3.1.7";

    // NID_X9_62_prime256v1 in OpenSSL's obj_mac.h.
    private const int P256Nid = 415;

    // Created once and only read afterwards (EC_KEY_set_group copies it), never freed: it lives as long as the process.
    private static readonly IntPtr Group = CreateGroup();

    /// <summary>Whether the system's libcrypto could be used (false off Linux or without OpenSSL 3).</summary>
    public static bool IsAvailable => Group != IntPtr.Zero;

    /// <summary>True or false when the key is a P-256 key and OpenSSL verified the signature; null for any other key or without OpenSSL.</summary>
    public static bool? TryVerify(HashAlgorithmName hash, SubjectPublicKeyInfo key, ReadOnlySpan<byte> signed, byte[] signature)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(signature);
        if (Group == IntPtr.Zero || key.Algorithm.Algorithm.Id != EcPublicKeyOid || key.Algorithm.Parameters is not DerObjectIdentifier { Id: P256Oid }
            || key.PublicKey.PadBits != 0)
        {
            return null;
        }

        var point = key.PublicKey.GetOctets();

        // Uncompressed (0x04, X, Y) or compressed (0x02/0x03, X); the point at infinity (a single 0x00) would let any
        // signature with a chosen r verify, so it is refused here and not left to the library.
        var wellFormed = (point.Length == 65 && point[0] == 0x04) || (point.Length == 33 && point[0] is 0x02 or 0x03);
        if (!wellFormed)
        {
            return false;
        }

        var digest = CryptographicOperations.HashData(hash, signed);
        var ecKey = NativeMethods.EC_KEY_new();
        if (ecKey == IntPtr.Zero)
        {
            NativeMethods.ERR_clear_error();
            return null;
        }

        try
        {
            if (NativeMethods.EC_KEY_set_group(ecKey, Group) != 1)
            {
                NativeMethods.ERR_clear_error();
                return null;
            }

            if (NativeMethods.EC_KEY_oct2key(ecKey, point, (nuint)point.Length, IntPtr.Zero) != 1)
            {
                // Not a point on P-256.
                NativeMethods.ERR_clear_error();
                return false;
            }

            var result = NativeMethods.ECDSA_verify(0, digest, digest.Length, signature, signature.Length, ecKey);
            if (result != 1)
            {
                // 0: a wrong signature; -1: not a minimal DER signature (both leave errors behind).
                NativeMethods.ERR_clear_error();
            }

            return result == 1;
        }
        finally
        {
            NativeMethods.EC_KEY_free(ecKey);
        }
    }

    private static IntPtr CreateGroup()
    {
        if (!OperatingSystem.IsLinux() || !NativeLibrary.TryLoad(NativeMethods.Library, typeof(OpenSslP256Verifier).Assembly, DllImportSearchPath.SafeDirectories, out _))
        {
            return IntPtr.Zero;
        }

        try
        {
            return NativeMethods.EC_GROUP_new_by_curve_name(P256Nid);
        }
        catch (EntryPointNotFoundException)
        {
            return IntPtr.Zero;
        }
        catch (DllNotFoundException)
        {
            return IntPtr.Zero;
        }
    }

    /// <summary>The few libcrypto functions used (OpenSSL 3, <c>include/openssl/ec.h</c>, <c>err.h</c>).</summary>
    private static class NativeMethods
    {
        public const string Library = "libcrypto.so.3";

        [DllImport(Library, ExactSpelling = true)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        public static extern IntPtr EC_GROUP_new_by_curve_name(int nid);

        [DllImport(Library, ExactSpelling = true)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        public static extern IntPtr EC_KEY_new();

        [DllImport(Library, ExactSpelling = true)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        public static extern int EC_KEY_set_group(IntPtr key, IntPtr group);

        [DllImport(Library, ExactSpelling = true)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        public static extern int EC_KEY_oct2key(IntPtr key, byte[] buffer, nuint length, IntPtr context);

        [DllImport(Library, ExactSpelling = true)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        public static extern int ECDSA_verify(int type, byte[] digest, int digestLength, byte[] signature, int signatureLength, IntPtr key);

        [DllImport(Library, ExactSpelling = true)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        public static extern void EC_KEY_free(IntPtr key);

        [DllImport(Library, ExactSpelling = true)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        public static extern void ERR_clear_error();
    }
}
