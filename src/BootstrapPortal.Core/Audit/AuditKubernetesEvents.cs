using System.Globalization;
using System.Text;
using BootstrapPortal.Core.Cache;
using k8s.Models;

namespace BootstrapPortal.Core.Audit;

/// <summary>
/// How an audit event becomes a core/v1 Event on the object it touched (shown by <c>kubectl describe</c> and
/// <c>kubectl get events</c>): in the object's namespace, or <c>default</c> for cluster-scoped objects, as client-go's event
/// recorder does (<c>k8s.io/client-go/tools/record/event.go</c>).
/// </summary>
public static class AuditKubernetesEvents
{
    public const string Component = "bootstrapportal";
    public const string ClusterScopedNamespace = "default";

    /// <summary>Longest message written (the API server accepts more; long messages make <c>kubectl describe</c> unreadable).</summary>
    public const int MaxMessageLength = 1024;

    /// <summary>The API version of the kinds the portal changes, or null for targets that are not Kubernetes objects.</summary>
    public static string? ApiVersionOf(string kind) => kind switch
    {
        "CertificateSigningRequest" => "certificates.k8s.io/v1",
        "Secret" or "Node" or "ConfigMap" => "v1",
        "ClusterRole" or "ClusterRoleBinding" or "Role" or "RoleBinding" => "rbac.authorization.k8s.io/v1",
        _ => null,
    };

    /// <summary>The uid of the target as the shared cache knows it, or null.</summary>
    public static string? CachedUid(ClusterCache cache, AuditEvent auditEvent)
    {
        ArgumentNullException.ThrowIfNull(cache);
        ArgumentNullException.ThrowIfNull(auditEvent);
        var ns = string.IsNullOrEmpty(auditEvent.TargetNamespace) ? null : auditEvent.TargetNamespace;
        var name = auditEvent.TargetName;
        return auditEvent.TargetKind switch
        {
            "CertificateSigningRequest" => cache.CertificateSigningRequests.Get(null, name)?.Metadata?.Uid,
            "Secret" => cache.BootstrapTokenSecrets.Get(ns, name)?.Metadata?.Uid,
            "Node" => cache.Nodes.Get(null, name)?.Metadata?.Uid,
            "ClusterRole" => cache.ClusterRoles.Get(null, name)?.Metadata?.Uid,
            "ClusterRoleBinding" => cache.ClusterRoleBindings.Get(null, name)?.Metadata?.Uid,
            "Role" => cache.Roles.Get(ns, name)?.Metadata?.Uid,
            "RoleBinding" => cache.RoleBindings.Get(ns, name)?.Metadata?.Uid,
            _ => null,
        };
    }

    /// <summary>
    /// The Event for <paramref name="auditEvent"/>, or null when its target is not a Kubernetes object or no such object exists
    /// (<paramref name="uid"/> null). Succeeded changes are <c>Normal</c>, refusals and failures <c>Warning</c>.
    /// </summary>
    public static Corev1Event? Build(AuditEvent auditEvent, string? uid, string reportingInstance)
    {
        ArgumentNullException.ThrowIfNull(auditEvent);
        if (ApiVersionOf(auditEvent.TargetKind) is not { } apiVersion || string.IsNullOrEmpty(uid) || string.IsNullOrEmpty(auditEvent.TargetName))
        {
            return null;
        }

        var ns = string.IsNullOrEmpty(auditEvent.TargetNamespace) ? ClusterScopedNamespace : auditEvent.TargetNamespace;
        var time = auditEvent.Time.UtcDateTime;
        return new Corev1Event
        {
            Metadata = new V1ObjectMeta { Name = EventName(auditEvent.TargetName, time), NamespaceProperty = ns },
            InvolvedObject = new V1ObjectReference
            {
                ApiVersion = apiVersion,
                Kind = auditEvent.TargetKind,
                Name = auditEvent.TargetName,
                NamespaceProperty = string.IsNullOrEmpty(auditEvent.TargetNamespace) ? null : auditEvent.TargetNamespace,
                Uid = uid,
            },
            Reason = Reason(auditEvent),
            Message = Message(auditEvent),
            Type = auditEvent.Outcome == AuditOutcome.Succeeded ? "Normal" : "Warning",
            Source = new V1EventSource { Component = Component },
            ReportingComponent = Component,
            ReportingInstance = reportingInstance,
            FirstTimestamp = time,
            LastTimestamp = time,
            Count = 1,
        };
    }

    /// <summary><c>csr.approve</c> → <c>CsrApprove</c>; refusals and failures add the outcome (<c>CsrApproveRefused</c>).</summary>
    public static string Reason(AuditEvent auditEvent)
    {
        ArgumentNullException.ThrowIfNull(auditEvent);
        var text = new StringBuilder();
        foreach (var part in auditEvent.Action.Split(['.', '-', '_'], StringSplitOptions.RemoveEmptyEntries))
        {
            text.Append(char.ToUpperInvariant(part[0])).Append(part.AsSpan(1));
        }

        if (auditEvent.Outcome != AuditOutcome.Succeeded)
        {
            text.Append(auditEvent.Outcome);
        }

        return text.ToString();
    }

    /// <summary>Who did what and why, e.g. <c>alice (Person) csr.approve: checked the node's address</c>.</summary>
    public static string Message(AuditEvent auditEvent)
    {
        ArgumentNullException.ThrowIfNull(auditEvent);
        var text = new StringBuilder()
            .Append(auditEvent.Actor.Name).Append(" (").Append(auditEvent.Actor.Kind).Append(") ").Append(auditEvent.Action);
        if (auditEvent.Outcome != AuditOutcome.Succeeded)
        {
            text.Append(' ').Append(auditEvent.Outcome.ToString().ToLowerInvariant());
        }

        if (!string.IsNullOrWhiteSpace(auditEvent.Reason))
        {
            text.Append(": ").Append(auditEvent.Reason);
        }

        if (!string.IsNullOrWhiteSpace(auditEvent.Detail))
        {
            text.Append(" (").Append(auditEvent.Detail).Append(')');
        }

        text.Append(" via BootstrapPortal");
        var message = text.ToString();
        return message.Length <= MaxMessageLength ? message : message[..(MaxMessageLength - 1)] + "…";
    }

    /// <summary><c>&lt;object&gt;.&lt;hex time&gt;</c> like client-go's recorder, kept within the 253-character name limit.</summary>
    private static string EventName(string objectName, DateTime time)
    {
        var suffix = "." + (time.Ticks * 100).ToString("x", CultureInfo.InvariantCulture) + Guid.NewGuid().ToString("N")[..6];
        var prefix = objectName.Length + suffix.Length > 253 ? objectName[..(253 - suffix.Length)] : objectName;
        return prefix + suffix;
    }
}
