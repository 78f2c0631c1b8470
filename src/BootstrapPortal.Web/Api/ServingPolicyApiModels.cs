using System.Text.Json.Serialization;
using BootstrapPortal.Core.Csrs.Serving;

namespace BootstrapPortal.Web.Api;

/// <summary>The serving policy's fields, as the API and the ConfigMap's <c>policy.json</c> spell them.</summary>
public sealed record ServingPolicyModel(
    bool Enabled,
    string NodeNamePattern,
    IReadOnlyList<string> AllowedIpPrefixes,
    int MaxDnsNames,
    int MaxIpAddresses,
    bool SansWithinNodeAddresses,
    bool ResolveDnsNames,
    double DnsTimeoutSeconds,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] long? MaxExpirationSeconds,
    bool OnlyExistingNodes)
{
    public static ServingPolicyModel From(ServingPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        return new(policy.Enabled, policy.NodeNamePattern, policy.AllowedIpPrefixes, policy.MaxDnsNames, policy.MaxIpAddresses,
            policy.SansWithinNodeAddresses, policy.ResolveDnsNames, policy.DnsTimeoutSeconds, policy.MaxExpirationSeconds, policy.OnlyExistingNodes);
    }
}

/// <summary>
/// <c>GET /api/v1/policy/serving</c>: the policy in force, where it comes from (<c>Configuration</c> until an Admin saves one,
/// then <c>ConfigMap</c>), the resourceVersion to send back with a change, who saved it, and why a stored policy is not used.
/// </summary>
public sealed record ServingPolicyResponse(
    ServingPolicyModel Policy,
    string Source,
    string Location,
    string? ResourceVersion,
    string? UpdatedBy,
    DateTimeOffset? UpdatedAt,
    string? Error,
    bool ApproverActive,
    bool Synced)
{
    public static ServingPolicyResponse From(ServingPolicySnapshot snapshot, bool synced)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        return new(ServingPolicyModel.From(snapshot.Policy), snapshot.Source.ToString(), snapshot.Location, snapshot.ResourceVersion,
            snapshot.UpdatedBy, snapshot.UpdatedAt, snapshot.Error, snapshot.ApproverActive, synced);
    }
}

/// <summary>One row of <c>POST /api/v1/policy/serving/dry-run</c>: what the policy would do to a pending serving CSR, and why.</summary>
public sealed record ServingDryRunRow(string Name, string? NodeName, string Decision, IReadOnlyList<string> Reasons)
{
    public static ServingDryRunRow From(ServingPolicyOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        return new(outcome.Name, outcome.NodeName, outcome.Decision.ToString(), outcome.Reasons);
    }
}
