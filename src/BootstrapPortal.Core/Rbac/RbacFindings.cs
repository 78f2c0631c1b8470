using BootstrapPortal.Core.Tokens;
using k8s.Models;

namespace BootstrapPortal.Core.Rbac;

/// <summary>
/// The risky findings of the RBAC audit, a pure function of the RBAC objects, the tokens and the namespaces/ServiceAccounts
/// that exist. Each finding names its subjects and bindings and says how to fix it. Worst first.
/// </summary>
public static class RbacFindings
{
    /// <summary>Subjects expected to write CSR approvals: the superuser groups and kube-controller-manager's certificate controller.</summary>
    private static readonly (string Kind, string Name, string? Namespace)[] ExpectedApprovers =
    [
        (RbacSubjects.GroupKind, RbacSubjects.MastersGroup, null),
        (RbacSubjects.GroupKind, "kubeadm:cluster-admins", null),
        (RbacSubjects.ServiceAccountKind, "certificate-controller", "kube-system"),
        (RbacSubjects.UserKind, "system:kube-controller-manager", null),
    ];

    /// <summary>Groups that cluster-admin is bound to by default (kube-apiserver's <c>cluster-admin</c>, kubeadm's <c>kubeadm:cluster-admins</c>).</summary>
    private static readonly string[] ExpectedClusterAdminGroups = [RbacSubjects.MastersGroup, "kubeadm:cluster-admins"];

    public static IReadOnlyList<RbacFinding> Evaluate(RbacPolicy policy, IReadOnlyList<BootstrapTokenInfo> tokens, SubjectDirectory directory)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(tokens);
        ArgumentNullException.ThrowIfNull(directory);
        var findings = new List<RbacFinding>();
        var bootstrapGrants = BootstrapGrants(policy).ToList();
        findings.AddRange(bootstrapGrants);
        findings.AddRange(AuthenticatedGrants(policy));
        findings.AddRange(AnonymousGrants(policy));
        findings.AddRange(Wildcards(policy));
        findings.AddRange(ClusterAdminBindings(policy));
        findings.AddRange(MissingRoles(policy));
        findings.AddRange(MissingServiceAccounts(policy, directory));
        if (ApprovalAccess(policy) is { } approval)
        {
            findings.Add(approval);
        }

        if (BootstrapTokensAsUserCredentials(policy, tokens, bootstrapGrants) is { } tokenUse)
        {
            findings.Add(tokenUse);
        }

        return [.. findings.OrderBy(f => f.Severity).ThenBy(f => f.Id, StringComparer.Ordinal)];
    }

    /// <summary>Bootstrap groups and bootstrap users bound to anything beyond bootstrapping.</summary>
    private static IEnumerable<RbacFinding> BootstrapGrants(RbacPolicy policy)
    {
        foreach (var binding in policy.Bindings)
        {
            var subjects = binding.Subjects.Where(IsBootstrapSubject).ToArray();
            if (subjects.Length == 0)
            {
                continue;
            }

            var extra = Uncovered(ExpectedGrants.Bootstrap, binding.Rules);
            if (extra.Count == 0)
            {
                continue;
            }

            yield return new RbacFinding(
                "bootstrap-grant:" + binding.Key,
                Max(RbacRisk.Worst(extra), RbacFindingSeverity.High),
                $"Bootstrap tokens get more than bootstrapping through {binding.Kind} {Qualified(binding)}",
                $"Anyone holding a bootstrap token of {Describe(subjects, binding)} also gets: {Rules(extra)}. Bootstrap tokens are " +
                "low-trust join credentials handed to machines; they should only create CSRs and have them auto-approved " +
                $"({BootstrapRequirements.NodeBootstrapperRole}, {BootstrapRequirements.NodeClientRole}).",
                [.. subjects.Select(s => Describe(s, binding))],
                [RbacObjectRef.Of(binding)],
                [RbacObjectRef.RoleOf(binding)],
                RemoveSubjectsFix(binding, subjects, "bind only the bootstrap ClusterRoles to bootstrap groups"));
        }
    }

    /// <summary>Grants to every authenticated user (every bootstrap token included) beyond the defaults.</summary>
    private static IEnumerable<RbacFinding> AuthenticatedGrants(RbacPolicy policy)
    {
        foreach (var binding in policy.Bindings)
        {
            var subjects = binding.Subjects.Where(s => s.Kind == RbacSubjects.GroupKind && s.Name == RbacSubjects.Authenticated).ToArray();
            if (subjects.Length == 0)
            {
                continue;
            }

            var extra = Uncovered(ExpectedGrants.Authenticated, binding.Rules);
            if (extra.Count == 0)
            {
                continue;
            }

            yield return new RbacFinding(
                "authenticated-grant:" + binding.Key,
                Max(RbacRisk.Worst(extra), RbacFindingSeverity.High),
                $"Every authenticated user, each bootstrap token included, gets extra rights through {binding.Kind} {Qualified(binding)}",
                $"system:authenticated is every identity the API server accepts: people, ServiceAccounts, nodes and every bootstrap token. " +
                $"This binding gives all of them: {Rules(extra)} (beyond system:basic-user, system:discovery and system:public-info-viewer).",
                [.. subjects.Select(s => Describe(s, binding))],
                [RbacObjectRef.Of(binding)],
                [RbacObjectRef.RoleOf(binding)],
                RemoveSubjectsFix(binding, subjects, "bind the role to the groups that need it instead"));
        }
    }

    /// <summary>Grants to anonymous requests beyond health/version paths and kubeadm's cluster-info read.</summary>
    private static IEnumerable<RbacFinding> AnonymousGrants(RbacPolicy policy)
    {
        foreach (var binding in policy.Bindings)
        {
            var subjects = binding.Subjects.Where(s => (s.Kind == RbacSubjects.UserKind && s.Name == RbacSubjects.Anonymous)
                || (s.Kind == RbacSubjects.GroupKind && s.Name == RbacSubjects.Unauthenticated)).ToArray();
            if (subjects.Length == 0)
            {
                continue;
            }

            var extra = Uncovered(ExpectedGrants.Anonymous(binding.Namespace), binding.Rules);
            if (extra.Count == 0)
            {
                continue;
            }

            yield return new RbacFinding(
                "anonymous-grant:" + binding.Key,
                Max(RbacRisk.Worst(extra), RbacFindingSeverity.High),
                $"Anonymous requests get extra rights through {binding.Kind} {Qualified(binding)}",
                $"Anyone who can reach the API server, without credentials, gets: {Rules(extra)}. By default anonymous requests may only " +
                "read /healthz, /livez, /readyz and /version, plus (on kubeadm clusters) the cluster-info ConfigMap in kube-public.",
                [.. subjects.Select(s => Describe(s, binding))],
                [RbacObjectRef.Of(binding)],
                [RbacObjectRef.RoleOf(binding)],
                RemoveSubjectsFix(binding, subjects, "grant the rights to authenticated identities instead"));
        }
    }

    /// <summary>Roles (other than cluster-admin, see <see cref="ClusterAdminBindings"/>) with wildcards over certificates, signers or Secrets.</summary>
    private static IEnumerable<RbacFinding> Wildcards(RbacPolicy policy)
    {
        var roles = policy.ClusterRoles.Select(r => (Ref: new RbacObjectRef(RbacBinding.ClusterRoleKind, null, r.Metadata.Name), Rules: r.Rules ?? []))
            .Concat(policy.Roles.Select(r => (Ref: new RbacObjectRef(RbacBinding.RoleKindName, r.Metadata.NamespaceProperty, r.Metadata.Name), Rules: r.Rules ?? [])));
        foreach (var (role, rules) in roles)
        {
            if (role.Kind == RbacBinding.ClusterRoleKind && role.Name == "cluster-admin")
            {
                continue;
            }

            var wildcards = rules.Where(r => r is not null && !UpstreamDefaultGrants.IsDefaultWildcard(role, r)).Select(r => (Rule: r, Why: RbacRisk.WildcardOverSensitive(r))).Where(w => w.Why is not null).ToArray();
            if (wildcards.Length == 0)
            {
                continue;
            }

            var users = policy.Bindings.Where(b => b.RoleFound && RbacObjectRef.RoleOf(b) == role && b.Subjects.Count > 0).ToArray();
            var subjects = users.SelectMany(b => b.Subjects.Select(s => Describe(s, b))).Distinct(StringComparer.Ordinal).ToArray();
            yield return new RbacFinding(
                $"wildcard:{role.Kind}/{(role.Namespace is null ? string.Empty : role.Namespace + "/")}{role.Name}",
                users.Length == 0 ? RbacFindingSeverity.Low : RbacFindingSeverity.High,
                $"{role.Describe()} uses wildcards over certificates, signers or Secrets",
                string.Join(" ", wildcards.Select(w => $"{RbacRuleText.Compact(w.Rule)} grants {w.Why}.")) +
                (users.Length == 0
                    ? " No binding uses the role today; whoever binds it later hands all of that out."
                    : $" It is bound by {string.Join(", ", users.Select(b => b.Kind + " " + Qualified(b)))}."),
                subjects,
                [.. users.Select(RbacObjectRef.Of)],
                [role],
                $"Replace the wildcards with the resources, verbs and resourceNames (signer names) the role's users need: " +
                $"kubectl edit {role.Kind.ToLowerInvariant()} {role.Name}{(role.Namespace is null ? string.Empty : " -n " + role.Namespace)}");
        }
    }

    /// <summary>cluster-admin bound to subjects other than the superuser groups.</summary>
    private static IEnumerable<RbacFinding> ClusterAdminBindings(RbacPolicy policy)
    {
        foreach (var binding in policy.Bindings.Where(b => b.RoleKind == RbacBinding.ClusterRoleKind && b.RoleName == "cluster-admin" && b.RoleFound))
        {
            var subjects = binding.Subjects.Where(s => !(s.Kind == RbacSubjects.GroupKind && ExpectedClusterAdminGroups.Contains(s.Name))).ToArray();
            if (subjects.Length == 0)
            {
                continue;
            }

            var scope = binding.IsClusterRoleBinding ? "every Secret (each bootstrap token), every signer and CSR approval in the cluster"
                : $"every Secret and role in namespace {binding.Namespace}";
            yield return new RbacFinding(
                "cluster-admin:" + binding.Key,
                binding.IsClusterRoleBinding ? RbacFindingSeverity.High : RbacFindingSeverity.Medium,
                $"{string.Join(", ", subjects.Select(s => Describe(s, binding)))} {(subjects.Length == 1 ? "has" : "have")} cluster-admin through {binding.Kind} {Qualified(binding)}",
                $"cluster-admin grants '*' on everything: {scope}. Only the superuser groups (system:masters, kubeadm:cluster-admins) hold it by default.",
                [.. subjects.Select(s => Describe(s, binding))],
                [RbacObjectRef.Of(binding)],
                [RbacObjectRef.RoleOf(binding)],
                RemoveSubjectsFix(binding, subjects, "bind a narrower role"));
        }
    }

    /// <summary>Bindings whose role does not exist: a role created later under that name silently grants its rules.</summary>
    private static IEnumerable<RbacFinding> MissingRoles(RbacPolicy policy)
    {
        foreach (var binding in policy.Bindings.Where(b => !b.RoleFound && b.Subjects.Count > 0))
        {
            var role = RbacObjectRef.RoleOf(binding);
            yield return new RbacFinding(
                "missing-role:" + binding.Key,
                RbacFindingSeverity.Medium,
                $"{binding.Kind} {Qualified(binding)} references {role.Describe()}, which does not exist",
                $"The binding grants nothing today, but whoever creates {role.Describe()} decides what its subjects " +
                $"({string.Join(", ", binding.Subjects.Select(s => Describe(s, binding)))}) may do.",
                [.. binding.Subjects.Select(s => Describe(s, binding))],
                [RbacObjectRef.Of(binding)],
                [role],
                $"Delete the binding if nothing needs it: kubectl delete {binding.Kind.ToLowerInvariant()} {binding.Name}{NamespaceFlag(binding)}; " +
                "or create the role it should reference.");
        }
    }

    /// <summary>ServiceAccount subjects that do not exist (or whose namespace does not): whoever creates them inherits the grant.</summary>
    private static IEnumerable<RbacFinding> MissingServiceAccounts(RbacPolicy policy, SubjectDirectory directory)
    {
        var notChecked = new List<string>();
        foreach (var binding in policy.Bindings.Where(b => b.RoleFound))
        {
            foreach (var subject in binding.Subjects.Where(s => s.Kind == RbacSubjects.ServiceAccountKind))
            {
                var ns = RbacSubjects.EffectiveNamespace(subject, binding.Namespace);
                if (string.IsNullOrEmpty(ns) || UpstreamDefaultGrants.IsDefaultServiceAccountSubject(binding, ns, subject.Name))
                {
                    continue;
                }

                string? why = null;
                if (directory.Namespaces is { } namespaces && !namespaces.Contains(ns))
                {
                    why = $"namespace {ns} does not exist";
                }
                else if (directory.ServiceAccounts is { } accounts)
                {
                    if (!accounts.Contains(SubjectDirectory.Key(ns, subject.Name)))
                    {
                        why = $"there is no ServiceAccount {subject.Name} in namespace {ns}";
                    }
                }
                else
                {
                    notChecked.Add(Describe(subject, binding));
                    continue;
                }

                if (why is null)
                {
                    continue;
                }

                var severity = Max(RbacRisk.Worst(binding.Rules), RbacFindingSeverity.Medium);
                yield return new RbacFinding(
                    $"missing-serviceaccount:{binding.Key}:{ns}/{subject.Name}",
                    severity == RbacFindingSeverity.Critical ? RbacFindingSeverity.High : severity,
                    $"{binding.Kind} {Qualified(binding)} grants {binding.RoleKind} {binding.RoleName} to ServiceAccount {ns}/{subject.Name}, but {why}",
                    $"Whoever can create {(why.StartsWith("namespace", StringComparison.Ordinal) ? "that namespace and " : string.Empty)}" +
                    $"a ServiceAccount named {subject.Name} in {ns} gets the role's rights: {Rules(binding.Rules)}.",
                    [Describe(subject, binding)],
                    [RbacObjectRef.Of(binding)],
                    [RbacObjectRef.RoleOf(binding)],
                    RemoveSubjectsFix(binding, [subject], "or create the ServiceAccount if it is meant to exist"));
            }
        }

        var distinct = notChecked.Distinct(StringComparer.Ordinal).ToArray();
        if (distinct.Length > 0)
        {
            yield return new RbacFinding(
                "serviceaccounts-not-checked",
                RbacFindingSeverity.Info,
                $"{distinct.Length} ServiceAccount subject(s) could not be checked for existence",
                $"The portal could not list ServiceAccounts: {directory.ServiceAccountsError ?? directory.NamespacesError}. Bindings to " +
                "ServiceAccounts that do not exist were not looked for.",
                distinct,
                [],
                [],
                "Let the portal's identity list serviceaccounts and namespaces (get/list) to run this check.");
        }
    }

    /// <summary>CIS 5.1.11: who may write CSR approvals, beyond kube-controller-manager and the superuser group.</summary>
    private static RbacFinding? ApprovalAccess(RbacPolicy policy)
    {
        var approval = RbacWhoCan.Evaluate(policy, RbacRequest.ForResource("", [], "update", BootstrapRequirements.CertificatesGroup,
                BootstrapRequirements.CsrResource, "approval"))
            .Concat(RbacWhoCan.Evaluate(policy, RbacRequest.ForResource("", [], "patch", BootstrapRequirements.CertificatesGroup,
                BootstrapRequirements.CsrResource, "approval")))
            .Where(s => !ExpectedApprovers.Contains(s.Key))
            .GroupBy(s => s.Key).Select(g => new WhoCanSubject(g.Key.Kind, g.Key.Name, g.Key.Namespace, [.. g.SelectMany(s => s.Via).Distinct()]))
            .ToArray();
        if (approval.Length == 0)
        {
            return null;
        }

        var signerApprovers = WhoCanQuestions.WellKnownSigners.SelectMany(WhoCanQuestions.SignerNames).Distinct(StringComparer.Ordinal)
            .SelectMany(name => RbacWhoCan.Evaluate(policy, RbacRequest.ForResource("", [], "approve", BootstrapRequirements.CertificatesGroup, "signers", name: name)))
            .Select(s => s.Key).ToHashSet();
        var effective = approval.Where(s => signerApprovers.Contains(s.Key)).ToArray();
        var bindings = approval.SelectMany(s => s.Via).Where(v => !v.IsBuiltIn)
            .Select(v => new RbacObjectRef(v.BindingKind, v.BindingNamespace, v.BindingName)).Distinct().ToArray();
        var roles = approval.SelectMany(s => s.Via).Where(v => !v.IsBuiltIn)
            .Select(v => new RbacObjectRef(v.RoleKind, v.RoleKind == RbacBinding.RoleKindName ? v.BindingNamespace : null, v.RoleName)).Distinct().ToArray();
        return new RbacFinding(
            "cis-5.1.11",
            effective.Length > 0 ? RbacFindingSeverity.High : RbacFindingSeverity.Medium,
            $"{approval.Length} subject(s) besides kube-controller-manager may write CSR approvals",
            $"update or patch on certificatesigningrequests/approval lets a subject approve CSRs; with approve on a signer it can hand out node " +
            $"and client identities. {(effective.Length > 0 ? $"These also hold approve on a signer: {string.Join(", ", effective.Select(s => s.Describe()))}. " : string.Empty)}" +
            "A person approving through this portal needs it too; keep the list to the people and tools meant to approve.",
            [.. approval.Select(s => s.Describe())],
            bindings,
            roles,
            "Remove the approval subresource from roles that do not need it, and unbind subjects that should not approve node identities.",
            "CIS 5.1.11");
    }

    /// <summary>CIS 3.1.3: bootstrap tokens that look like user credentials (never expire, personally bound, or over-granted).</summary>
    private static RbacFinding? BootstrapTokensAsUserCredentials(RbacPolicy policy, IReadOnlyList<BootstrapTokenInfo> tokens, IReadOnlyList<RbacFinding> bootstrapGrants)
    {
        var overGranted = bootstrapGrants.SelectMany(f => f.Subjects).ToHashSet(StringComparer.Ordinal);
        var boundUsers = policy.Bindings.SelectMany(b => b.Subjects.Select(s => (Binding: b, Subject: s)))
            .Where(x => x.Subject.Kind == RbacSubjects.UserKind && x.Subject.Name?.StartsWith(BootstrapTokenFormat.UserPrefix, StringComparison.Ordinal) == true)
            .ToArray();
        var problems = new List<(string Subject, string Why)>();
        foreach (var token in tokens.Where(BootstrapChecklist.IsUsable))
        {
            var user = BootstrapTokenFormat.UserPrefix + token.Id;
            var reasons = new List<string>();
            if (token.Status == TokenStatus.NeverExpires)
            {
                reasons.Add("never expires");
            }

            var direct = boundUsers.Where(x => x.Subject.Name == user).Select(x => x.Binding.Kind + " " + Qualified(x.Binding)).ToArray();
            if (direct.Length > 0)
            {
                reasons.Add("is bound by name in " + string.Join(", ", direct));
            }

            var groups = token.ExtraGroups.Where(g => overGranted.Contains($"Group {g}")).ToArray();
            if (groups.Length > 0 || overGranted.Contains($"Group {BootstrapTokenFormat.DefaultGroup}"))
            {
                reasons.Add("carries groups granted more than bootstrapping");
            }

            if (reasons.Count > 0)
            {
                problems.Add((user, string.Join("; ", reasons)));
            }
        }

        if (problems.Count == 0)
        {
            return null;
        }

        var severe = problems.Any(p => p.Why.Contains("more than bootstrapping", StringComparison.Ordinal) || p.Why.Contains("bound by name", StringComparison.Ordinal));
        return new RbacFinding(
            "cis-3.1.3",
            severe ? RbacFindingSeverity.High : RbacFindingSeverity.Medium,
            $"{problems.Count} bootstrap token(s) look like user credentials",
            "Bootstrap tokens are meant for joining nodes: short-lived, carrying only bootstrap groups. " +
            string.Join(" ", problems.Select(p => $"{p.Subject} {p.Why}.")),
            [.. problems.Select(p => p.Subject)],
            [.. boundUsers.Select(x => RbacObjectRef.Of(x.Binding)).Distinct()],
            [],
            "Give people and tools their own credentials (OIDC, client certificates, ServiceAccount tokens); delete long-lived bootstrap " +
            "tokens (kubeadm token delete <id>) and mint short-lived ones per node.",
            "CIS 3.1.3");
    }

    private static bool IsBootstrapSubject(Rbacv1Subject subject) =>
        (subject.Kind == RbacSubjects.GroupKind && BootstrapRequirements.IsBootstrapGroup(subject.Name))
        || (subject.Kind == RbacSubjects.UserKind && subject.Name?.StartsWith(BootstrapTokenFormat.UserPrefix, StringComparison.Ordinal) == true);

    private static string Describe(Rbacv1Subject subject, RbacBinding binding)
    {
        var ns = RbacSubjects.EffectiveNamespace(subject, binding.Namespace);
        return ns is null ? $"{subject.Kind} {subject.Name}" : $"{subject.Kind} {ns}/{subject.Name}";
    }

    private static string Describe(IEnumerable<Rbacv1Subject> subjects, RbacBinding binding) =>
        string.Join(", ", subjects.Select(s => Describe(s, binding)));

    private static string Qualified(RbacBinding binding) => binding.Namespace is null ? binding.Name : binding.Namespace + "/" + binding.Name;

    private static string NamespaceFlag(RbacBinding binding) => binding.Namespace is null ? string.Empty : " -n " + binding.Namespace;

    private static string Rules(IEnumerable<V1PolicyRule> rules) => string.Join(", ", rules.Select(RbacRuleText.Compact));

    private static RbacFindingSeverity Max(RbacFindingSeverity a, RbacFindingSeverity b) => a < b ? a : b;

    /// <summary>The rules of <paramref name="rules"/> that <paramref name="expected"/> does not fully cover, as written.</summary>
    private static List<V1PolicyRule> Uncovered(IReadOnlyList<V1PolicyRule> expected, IEnumerable<V1PolicyRule> rules) =>
        [.. rules.Where(r => RbacRuleCoverage.Missing(expected, [r]).Count > 0)];

    private static string RemoveSubjectsFix(RbacBinding binding, Rbacv1Subject[] subjects, string alternative)
    {
        var kind = binding.Kind.ToLowerInvariant();
        return subjects.Length == binding.Subjects.Count
            ? $"Delete the binding: kubectl delete {kind} {binding.Name}{NamespaceFlag(binding)} ({alternative})."
            : $"Remove {Describe(subjects, binding)} from the binding: kubectl edit {kind} {binding.Name}{NamespaceFlag(binding)} ({alternative}).";
    }
}
