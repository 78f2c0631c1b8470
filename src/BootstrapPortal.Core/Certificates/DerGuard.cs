using Org.BouncyCastle.Asn1;

namespace BootstrapPortal.Core.Certificates;

/// <summary>
/// Checks the TLV structure of DER input before BouncyCastle sees it: definite lengths only, lengths inside their
/// parent, bounded nesting depth, exactly one top-level element. BouncyCastle parses nested structures recursively,
/// so unbounded nesting in hostile input could otherwise exhaust the stack (which no catch block can handle).
/// </summary>
internal static class DerGuard
{
    /// <summary>Deepest nesting accepted. Real requests and certificates stay below 12.</summary>
    public const int MaxDepth = 48;

    /// <summary>Parses <paramref name="der"/> as exactly one ASN.1 element, or returns why it cannot.</summary>
    public static Asn1Object? TryParse(ReadOnlySpan<byte> der, string what, out string? error)
    {
        if (der.IsEmpty)
        {
            error = $"{what} is empty";
            return null;
        }

        var structureError = CheckElements(der, 0, single: true);
        if (structureError is not null)
        {
            error = $"{what} is not valid DER: {structureError}";
            return null;
        }

        try
        {
            error = null;
            return Asn1Object.FromByteArray(der.ToArray());
        }
        catch (Exception ex) when (ex is IOException or ArgumentException or InvalidOperationException or FormatException)
        {
            error = $"{what} is not valid DER: {ex.Message}";
            return null;
        }
    }

    /// <summary>
    /// Byte ranges of the elements directly inside the constructed element that starts <paramref name="element"/>.
    /// Only for input that already passed <see cref="TryParse"/>.
    /// </summary>
    public static IReadOnlyList<Range> Children(ReadOnlySpan<byte> element)
    {
        var (contentStart, contentLength) = Header(element, 0);
        var children = new List<Range>();
        var position = contentStart;
        var end = contentStart + contentLength;
        while (position < end)
        {
            var (childStart, childLength) = Header(element, position);
            children.Add(position..(childStart + childLength));
            position = childStart + childLength;
        }

        return children;
    }

    private static (int ContentStart, int ContentLength) Header(ReadOnlySpan<byte> data, int position)
    {
        if ((data[position++] & 0x1F) == 0x1F)
        {
            while ((data[position++] & 0x80) != 0)
            {
            }
        }

        int length = data[position++];
        if (length > 0x80)
        {
            var lengthBytes = length & 0x7F;
            length = 0;
            for (var i = 0; i < lengthBytes; i++)
            {
                length = (length << 8) | data[position++];
            }
        }

        return (position, length);
    }

    private static string? CheckElements(ReadOnlySpan<byte> data, int depth, bool single)
    {
        if (depth > MaxDepth)
        {
            return $"nesting deeper than {MaxDepth} levels";
        }

        var position = 0;
        var count = 0;
        while (position < data.Length)
        {
            if (single && count == 1)
            {
                return $"{data.Length - position} bytes of trailing data after the ASN.1 structure";
            }

            var tag = data[position++];
            if ((tag & 0x1F) == 0x1F)
            {
                // High tag number form: base-128 digits, the last one without bit 8.
                var digits = 0;
                while (true)
                {
                    if (position >= data.Length)
                    {
                        return "truncated tag";
                    }

                    var digit = data[position++];
                    if (++digits > 4)
                    {
                        return "tag number too large";
                    }

                    if ((digit & 0x80) == 0)
                    {
                        break;
                    }
                }
            }

            if (position >= data.Length)
            {
                return "truncated length";
            }

            long length = data[position++];
            if (length == 0x80)
            {
                return "indefinite length (BER) is not allowed";
            }

            if (length > 0x80)
            {
                var lengthBytes = (int)(length & 0x7F);
                if (lengthBytes > 4)
                {
                    return "length field too long";
                }

                if (data.Length - position < lengthBytes)
                {
                    return "truncated length";
                }

                if (data[position] == 0)
                {
                    return "length encoded with leading zero bytes (not DER)";
                }

                length = 0;
                for (var i = 0; i < lengthBytes; i++)
                {
                    length = (length << 8) | data[position++];
                }

                if (length < 0x80)
                {
                    return "length below 128 encoded in long form (not DER)";
                }
            }

            if (length > data.Length - position)
            {
                return $"element length {length} exceeds the {data.Length - position} bytes available";
            }

            var content = data.Slice(position, (int)length);
            var primitiveError = UniversalRuleViolation(tag, content);
            if (primitiveError is not null)
            {
                return primitiveError;
            }

            if ((tag & 0x20) != 0)
            {
                var nested = CheckElements(content, depth + 1, single: false);
                if (nested is not null)
                {
                    return nested;
                }
            }

            position += (int)length;
            count++;
        }

        return single && count == 0 ? "no ASN.1 element" : null;
    }

    /// <summary>DER rules Go's encoding/asn1 enforces for universal types that BouncyCastle would accept.</summary>
    private static string? UniversalRuleViolation(byte tag, ReadOnlySpan<byte> content)
    {
        if ((tag & 0xC0) != 0)
        {
            return null;
        }

        if ((tag & 0x20) != 0)
        {
            // Only SEQUENCE (16) and SET (17) are constructed in DER; constructed strings are BER.
            var number = tag & 0x1F;
            return number is 16 or 17 ? null : $"constructed encoding of universal type {number} (BER, not DER)";
        }

        switch (tag)
        {
            case 0x01 when content.Length != 1 || content[0] is not (0x00 or 0xFF):
                return "BOOLEAN that is not a single 0x00 or 0xFF byte (not DER)";
            case 0x02 when content.IsEmpty:
                return "empty INTEGER";
            case 0x02 when content.Length > 1 &&
                           ((content[0] == 0x00 && content[1] < 0x80) || (content[0] == 0xFF && content[1] >= 0x80)):
                return "INTEGER not minimally encoded (not DER)";
            default:
                return null;
        }
    }
}
