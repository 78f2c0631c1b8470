using System.Text;
using System.Text.Json.Nodes;
using BootstrapPortal.Core.Tokens;
using BootstrapPortal.Sandbox.Controllers;
using BootstrapPortal.Sandbox.Kubelets;
using BootstrapPortal.Sandbox.Server;
using k8s;

namespace BootstrapPortal.Sandbox.Fleet;

/// <summary>The stored form of the fleet's objects, as the API server would have stored them when they were created.</summary>
internal static class FleetObjects
{
    public const string NodeLeaseNamespace = "kube-node-lease";

    /// <summary>kubectl's approval message (k8s.io/kubectl pkg/cmd/certificates/certificates.go).</summary>
    public const string KubectlApproveMessage = "This CSR was approved by kubectl certificate approve.";

    /// <summary>
    /// A registered fleet node: the kubelet's Node (serialized once per fleet as <paramref name="template"/>, then copied and
    /// given the node's name, address, identity and times; serializing thousands of models one by one dominated the preload).
    /// </summary>
    public static JsonObject Node(JsonObject template, FleetNodePlan node, string uid, DateTimeOffset lastHeartbeat)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(node);
        var obj = template.DeepClone().AsObject();
        var metadata = (JsonObject)obj["metadata"]!;
        metadata["name"] = node.Name;
        metadata["uid"] = uid;
        metadata["creationTimestamp"] = WireNormalizer.FormatTime(node.Joined);
        metadata["labels"]!["kubernetes.io/hostname"] = node.Name;
        var status = (JsonObject)obj["status"]!;
        var heartbeat = WireNormalizer.FormatTime(lastHeartbeat);
        var joined = WireNormalizer.FormatTime(node.Joined);
        foreach (var condition in status["conditions"]!.AsArray())
        {
            condition!["lastHeartbeatTime"] = heartbeat;
            condition["lastTransitionTime"] = joined;
        }

        foreach (var address in status["addresses"]!.AsArray())
        {
            address!["address"] = address["type"]!.GetValue<string>() == "InternalIP" ? node.InternalIp.ToString() : node.Name;
        }

        var info = (JsonObject)status["nodeInfo"]!;
        info["machineID"] = Guid.NewGuid().ToString("N");
        info["systemUUID"] = Guid.NewGuid().ToString();
        info["bootID"] = Guid.NewGuid().ToString();
        return obj;
    }

    /// <summary>The stored form of a kubelet's Node, the template of <see cref="Node(JsonObject, FleetNodePlan, string, DateTimeOffset)"/>.</summary>
    public static JsonObject NodeTemplate(string kubeletVersion, DateTimeOffset now)
    {
        var model = KubeletNodeObjects.Node("fleet-node-template", System.Net.IPAddress.Loopback, kubeletVersion, now.UtcDateTime);
        var obj = JsonNode.Parse(KubernetesJson.Serialize(model))!.AsObject();
        WireNormalizer.Normalize(obj);

        // A fully built copy: parallel workers clone it, and a parsed JsonObject builds its members lazily (not thread-safe).
        return obj.DeepClone().AsObject();
    }

    public static JsonObject Lease(FleetNodePlan node, string nodeUid, int durationSeconds, DateTimeOffset renewTime) => new()
    {
        ["kind"] = "Lease",
        ["apiVersion"] = "coordination.k8s.io/v1",
        ["metadata"] = new JsonObject
        {
            ["name"] = node.Name,
            ["namespace"] = NodeLeaseNamespace,
            ["uid"] = Guid.NewGuid().ToString(),
            ["creationTimestamp"] = WireNormalizer.FormatTime(node.Joined + TimeSpan.FromSeconds(1)),
            ["ownerReferences"] = new JsonArray(new JsonObject
            {
                ["apiVersion"] = "v1",
                ["kind"] = "Node",
                ["name"] = node.Name,
                ["uid"] = nodeUid,
            }),
        },
        ["spec"] = new JsonObject
        {
            ["holderIdentity"] = node.Name,
            ["leaseDurationSeconds"] = durationSeconds,
            ["renewTime"] = WireNormalizer.FormatMicroTime(renewTime),
        },
    };

    /// <summary>A CertificateSigningRequest with the requester the API server recorded and, when approved, its condition and certificate.</summary>
    public static JsonObject Csr(FleetCsrPlan plan, string requestPem, FleetRequester requester, string signerName, IReadOnlyList<string> usages,
        string? certificatePem)
    {
        var spec = new JsonObject
        {
            ["request"] = Convert.ToBase64String(Encoding.ASCII.GetBytes(requestPem)),
            ["signerName"] = signerName,
            ["usages"] = Strings(usages),
            ["username"] = requester.UserName,
        };
        if (requester.Uid is not null)
        {
            spec["uid"] = requester.Uid;
        }

        spec["groups"] = Strings(requester.Groups);
        if (requester.CredentialId is not null)
        {
            spec["extra"] = new JsonObject { ["authentication.kubernetes.io/credential-id"] = Strings([requester.CredentialId]) };
        }

        var status = new JsonObject();
        if (plan.Approved is { } approved)
        {
            var (reason, message) = plan.Kind switch
            {
                FleetCsrKind.Bootstrap => ("AutoApproved", CsrApprovingController.NodeClientMessage),
                FleetCsrKind.Renewal => ("AutoApproved", CsrApprovingController.SelfNodeClientMessage),
                _ => ("KubectlApprove", KubectlApproveMessage),
            };
            status["conditions"] = new JsonArray(new JsonObject
            {
                ["type"] = "Approved",
                ["status"] = "True",
                ["reason"] = reason,
                ["message"] = message,
                ["lastUpdateTime"] = WireNormalizer.FormatTime(approved),
                ["lastTransitionTime"] = WireNormalizer.FormatTime(approved),
            });
            if (certificatePem is not null)
            {
                status["certificate"] = Convert.ToBase64String(Encoding.ASCII.GetBytes(certificatePem));
            }
        }

        return new JsonObject
        {
            ["kind"] = "CertificateSigningRequest",
            ["apiVersion"] = "certificates.k8s.io/v1",
            ["metadata"] = new JsonObject
            {
                ["name"] = plan.Name,
                ["generateName"] = "csr-",
                ["uid"] = Guid.NewGuid().ToString(),
                ["creationTimestamp"] = WireNormalizer.FormatTime(plan.Created),
            },
            ["spec"] = spec,
            ["status"] = status,
        };
    }

    public static JsonObject TokenSecret(FleetTokenPlan token, DateTimeOffset now)
    {
        var data = new JsonObject
        {
            [BootstrapTokenFormat.TokenIdKey] = Base64(token.Id),
            [BootstrapTokenFormat.TokenSecretKey] = Base64(token.Secret),
            [BootstrapTokenFormat.DescriptionKey] = Base64(token.Description),
            [BootstrapTokenFormat.UsageAuthenticationKey] = Base64("true"),
            [BootstrapTokenFormat.ExtraGroupsKey] = Base64(token.InvalidGroup ?? SandboxKubeletFleet.NodeTokenGroup),
        };
        if (token.Signing)
        {
            data[BootstrapTokenFormat.UsageSigningKey] = Base64("true");
        }

        if (token.Expiration is { } expiration)
        {
            data[BootstrapTokenFormat.ExpirationKey] = Base64(WireNormalizer.FormatTime(expiration));
        }

        var metadata = new JsonObject
        {
            ["name"] = BootstrapTokenFormat.SecretNamePrefix + token.Id,
            ["namespace"] = BootstrapTokenFormat.SecretNamespace,
            ["uid"] = Guid.NewGuid().ToString(),
            ["creationTimestamp"] = WireNormalizer.FormatTime(token.Created),
        };
        if (token.ForNode is not null)
        {
            metadata["annotations"] = new JsonObject { [PortalTokenMetadata.NodeNameAnnotation] = token.ForNode };
        }

        // Expired tokens are kept visible (tokencleaner's delete leaves them Terminating), like the demo's expired token.
        if (token.Expiration is { } expires && expires <= now)
        {
            metadata["finalizers"] = new JsonArray(SandboxKubeletFleet.DemoFinalizer);
        }

        return new JsonObject
        {
            ["kind"] = "Secret",
            ["apiVersion"] = "v1",
            ["metadata"] = metadata,
            ["data"] = data,
            ["type"] = BootstrapTokenFormat.SecretType,
        };
    }

    public static JsonObject Namespace(string name, DateTimeOffset created) => new()
    {
        ["kind"] = "Namespace",
        ["apiVersion"] = "v1",
        ["metadata"] = new JsonObject
        {
            ["name"] = name,
            ["uid"] = Guid.NewGuid().ToString(),
            ["creationTimestamp"] = WireNormalizer.FormatTime(created),
            ["labels"] = new JsonObject { ["kubernetes.io/metadata.name"] = name },
        },
        ["spec"] = new JsonObject { ["finalizers"] = new JsonArray("kubernetes") },
        ["status"] = new JsonObject { ["phase"] = "Active" },
    };

    public static JsonObject DefaultServiceAccount(string ns, DateTimeOffset created) => new()
    {
        ["kind"] = "ServiceAccount",
        ["apiVersion"] = "v1",
        ["metadata"] = new JsonObject
        {
            ["name"] = "default",
            ["namespace"] = ns,
            ["uid"] = Guid.NewGuid().ToString(),
            ["creationTimestamp"] = WireNormalizer.FormatTime(created),
        },
    };

    public static JsonObject Binding(FleetBindingPlan binding)
    {
        var metadata = new JsonObject
        {
            ["name"] = binding.Name,
            ["uid"] = Guid.NewGuid().ToString(),
            ["creationTimestamp"] = WireNormalizer.FormatTime(binding.Created),
        };
        if (binding.Namespace is not null)
        {
            metadata["namespace"] = binding.Namespace;
        }

        var subjects = new JsonArray();
        foreach (var subject in binding.Subjects)
        {
            var entry = new JsonObject { ["kind"] = subject.Kind };
            if (subject.Kind != "ServiceAccount")
            {
                entry["apiGroup"] = "rbac.authorization.k8s.io";
            }

            entry["name"] = subject.Name;
            if (subject.Namespace is not null)
            {
                entry["namespace"] = subject.Namespace;
            }

            subjects.Add(entry);
        }

        return new JsonObject
        {
            ["kind"] = binding.Namespace is null ? "ClusterRoleBinding" : "RoleBinding",
            ["apiVersion"] = "rbac.authorization.k8s.io/v1",
            ["metadata"] = metadata,
            ["roleRef"] = new JsonObject { ["apiGroup"] = "rbac.authorization.k8s.io", ["kind"] = binding.RoleKind, ["name"] = binding.RoleName },
            ["subjects"] = subjects,
        };
    }

    private static JsonArray Strings(IEnumerable<string> values) => new([.. values.Select(v => (JsonNode)JsonValue.Create(v))]);

    private static string Base64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));
}
