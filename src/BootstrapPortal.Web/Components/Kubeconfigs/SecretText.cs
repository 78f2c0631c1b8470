namespace BootstrapPortal.Web.Components.Kubeconfigs;

/// <summary>Hides a token's secret in text shown on a page; the real text only leaves through downloads and the clipboard.</summary>
public static class SecretText
{
    public static string Mask(string text, string tokenId)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(tokenId);
        var marker = tokenId + ".";
        var result = new System.Text.StringBuilder(text.Length);
        var index = 0;
        while (index < text.Length)
        {
            var found = text.IndexOf(marker, index, StringComparison.Ordinal);
            if (found < 0 || found + marker.Length + 16 > text.Length)
            {
                result.Append(text, index, text.Length - index);
                break;
            }

            result.Append(text, index, found - index).Append(marker).Append('•', 16);
            index = found + marker.Length + 16;
        }

        return result.ToString();
    }
}
