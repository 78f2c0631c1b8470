namespace BootstrapPortal.Core.Tokens;

/// <summary>Bad input for a token or kubeconfig operation; <see cref="Field"/> names the request field at fault.</summary>
public sealed class TokenValidationException(string field, string message) : Exception(message)
{
    public string Field { get; } = field;
}
