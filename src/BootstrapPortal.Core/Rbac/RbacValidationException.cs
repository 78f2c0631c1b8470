namespace BootstrapPortal.Core.Rbac;

/// <summary>Bad input for an RBAC audit call; <see cref="Field"/> names the request field at fault (the API answers 400).</summary>
public sealed class RbacValidationException : Exception
{
    public RbacValidationException(string field, string message)
        : base(message) => Field = field;

    public RbacValidationException()
        : this(string.Empty, "The request is invalid.")
    {
    }

    public RbacValidationException(string message)
        : this(string.Empty, message)
    {
    }

    public RbacValidationException(string message, Exception innerException)
        : base(message, innerException) => Field = string.Empty;

    public string Field { get; }
}
