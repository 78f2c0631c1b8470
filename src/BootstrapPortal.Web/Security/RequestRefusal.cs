namespace BootstrapPortal.Web.Security;

/// <summary>
/// Why a request is refused before it reaches authentication: the problem-details answer (status, title, detail) and a short
/// reason for the log. None of it repeats what the client sent.
/// </summary>
public sealed record RequestRefusal(int StatusCode, string Title, string Detail, string Reason);
