using System.Net;
using BootstrapPortal.Sandbox.Kubelets;

namespace BootstrapPortal.Sandbox.Fleet;

/// <summary>A node of the fleet scenario as the sandbox keeps it live.</summary>
public sealed class FleetNode
{
    private KubeletCredentials? credentials;
    private int renewals;

    internal FleetNode(string name, IPAddress internalIp, FleetNodeRole role, bool registered, KubeletCredentials? credentials, DateTimeOffset? rotationDeadline)
    {
        Name = name;
        InternalIp = internalIp;
        Role = role;
        Registered = registered;
        this.credentials = credentials;
        RotationDeadline = rotationDeadline;
    }

    public string Name { get; }

    public IPAddress InternalIp { get; }

    public FleetNodeRole Role { get; }

    /// <summary>Whether a Node object exists (CSRs of a fleet without nodes belong to nodes that have left).</summary>
    public bool Registered { get; }

    /// <summary>The current client certificate, for the nodes that renew or are stuck (null for steady ones).</summary>
    public KubeletCredentials? Credentials => Volatile.Read(ref credentials);

    /// <summary>When the current client certificate comes due (renewing and stuck nodes).</summary>
    public DateTimeOffset? RotationDeadline { get; internal set; }

    /// <summary>How many times its client certificate was renewed while the sandbox ran.</summary>
    public int Renewals => Volatile.Read(ref renewals);

    /// <summary>The last renewal error, for display.</summary>
    public string? LastError { get; internal set; }

    /// <summary>Failed rotation attempts in a row (for the retry backoff).</summary>
    internal int FailedRotations { get; set; }

    internal void Renewed(KubeletCredentials renewed)
    {
        Volatile.Write(ref credentials, renewed);
        Interlocked.Increment(ref renewals);
        FailedRotations = 0;
        LastError = null;
    }
}
