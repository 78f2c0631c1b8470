using BootstrapPortal.Core.Text;
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
                FindingText.BootstrapGrantTitle.With(binding.Kind, Qualified(binding)),
                FindingText.BootstrapGrantDetail.With(Describe(subjects, binding), Rules(extra), BootstrapRequirements.NodeBootstrapperRole, BootstrapRequirements.NodeClientRole),
                [.. subjects.Select(s => Describe(s, binding))],
                [RbacObjectRef.Of(binding)],
                [RbacObjectRef.RoleOf(binding)],
                RemoveSubjectsFix(binding, subjects, FindingText.BootstrapGrantAlternative));
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
                FindingText.AuthenticatedGrantTitle.With(binding.Kind, Qualified(binding)),
                FindingText.AuthenticatedGrantDetail.With(Rules(extra)),
                [.. subjects.Select(s => Describe(s, binding))],
                [RbacObjectRef.Of(binding)],
                [RbacObjectRef.RoleOf(binding)],
                RemoveSubjectsFix(binding, subjects, FindingText.AuthenticatedGrantAlternative));
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
                FindingText.AnonymousGrantTitle.With(binding.Kind, Qualified(binding)),
                FindingText.AnonymousGrantDetail.With(Rules(extra)),
                [.. subjects.Select(s => Describe(s, binding))],
                [RbacObjectRef.Of(binding)],
                [RbacObjectRef.RoleOf(binding)],
                RemoveSubjectsFix(binding, subjects, FindingText.AnonymousGrantAlternative));
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
                FindingText.WildcardTitle.With(role.Describe()),
                users.Length == 0
                    ? FindingText.WildcardUnbound.With(WildcardGrants(wildcards))
                    : FindingText.WildcardBound.With(WildcardGrants(wildcards), string.Join(", ", users.Select(b => b.Kind + " " + Qualified(b)))),
                subjects,
                [.. users.Select(RbacObjectRef.Of)],
                [role],
                FindingText.WildcardFix.With(role.Kind.ToLowerInvariant(), role.Name, role.Namespace is null ? string.Empty : " -n " + role.Namespace));
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

            var scope = binding.IsClusterRoleBinding ? FindingText.ClusterAdminScope.Text : FindingText.NamespaceAdminScope.With(binding.Namespace ?? string.Empty);
            yield return new RbacFinding(
                "cluster-admin:" + binding.Key,
                binding.IsClusterRoleBinding ? RbacFindingSeverity.High : RbacFindingSeverity.Medium,
                (subjects.Length == 1 ? FindingText.ClusterAdminTitleOne : FindingText.ClusterAdminTitleMany)
                    .With(string.Join(", ", subjects.Select(s => Describe(s, binding))), binding.Kind, Qualified(binding)),
                FindingText.ClusterAdminDetail.With(scope),
                [.. subjects.Select(s => Describe(s, binding))],
                [RbacObjectRef.Of(binding)],
                [RbacObjectRef.RoleOf(binding)],
                RemoveSubjectsFix(binding, subjects, FindingText.ClusterAdminAlternative));
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
                FindingText.MissingRoleTitle.With(binding.Kind, Qualified(binding), role.Describe()),
                FindingText.MissingRoleDetail.With(role.Describe(), string.Join(", ", binding.Subjects.Select(s => Describe(s, binding)))),
                [.. binding.Subjects.Select(s => Describe(s, binding))],
                [RbacObjectRef.Of(binding)],
                [role],
                FindingText.MissingRoleFix.With(binding.Kind.ToLowerInvariant(), binding.Name, NamespaceFlag(binding)));
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

                PortalText? why = null;
                var noNamespace = false;
                if (directory.Namespaces is { } namespaces && !namespaces.Contains(ns))
                {
                    why = FindingText.NoNamespace.With(ns);
                    noNamespace = true;
                }
                else if (directory.ServiceAccounts is { } accounts)
                {
                    if (!accounts.Contains(SubjectDirectory.Key(ns, subject.Name)))
                    {
                        why = FindingText.NoServiceAccount.With(subject.Name, ns);
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
                    FindingText.MissingServiceAccountTitle.With(binding.Kind, Qualified(binding), binding.RoleKind, binding.RoleName, ns, subject.Name, why),
                    (noNamespace ? FindingText.MissingNamespaceDetail : FindingText.MissingServiceAccountDetail).With(subject.Name, ns, Rules(binding.Rules)),
                    [Describe(subject, binding)],
                    [RbacObjectRef.Of(binding)],
                    [RbacObjectRef.RoleOf(binding)],
                    RemoveSubjectsFix(binding, [subject], FindingText.MissingServiceAccountAlternative));
            }
        }

        var distinct = notChecked.Distinct(StringComparer.Ordinal).ToArray();
        if (distinct.Length > 0)
        {
            yield return new RbacFinding(
                "serviceaccounts-not-checked",
                RbacFindingSeverity.Info,
                FindingText.NotCheckedTitle.With(distinct.Length),
                FindingText.NotCheckedDetail.With(directory.ServiceAccountsError ?? directory.NamespacesError ?? string.Empty),
                distinct,
                [],
                [],
                FindingText.NotCheckedFix.Text);
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
            FindingText.ApprovalTitle.With(approval.Length),
            effective.Length > 0
                ? FindingText.ApprovalDetailWithSigners.With(string.Join(", ", effective.Select(s => s.Describe())))
                : FindingText.ApprovalDetail.Text,
            [.. approval.Select(s => s.Describe())],
            bindings,
            roles,
            FindingText.ApprovalFix.Text,
            "CIS 5.1.11");
    }

    /// <summary>CIS 3.1.3: bootstrap tokens that look like user credentials (never expire, personally bound, or over-granted).</summary>
    private static RbacFinding? BootstrapTokensAsUserCredentials(RbacPolicy policy, IReadOnlyList<BootstrapTokenInfo> tokens, IReadOnlyList<RbacFinding> bootstrapGrants)
    {
        var overGranted = bootstrapGrants.SelectMany(f => f.Subjects).ToHashSet(StringComparer.Ordinal);
        var boundUsers = policy.Bindings.SelectMany(b => b.Subjects.Select(s => (Binding: b, Subject: s)))
            .Where(x => x.Subject.Kind == RbacSubjects.UserKind && x.Subject.Name?.StartsWith(BootstrapTokenFormat.UserPrefix, StringComparison.Ordinal) == true)
            .ToArray();
        var problems = new List<(string Subject, TextList Why, bool Severe)>();
        foreach (var token in tokens.Where(BootstrapChecklist.IsUsable))
        {
            var user = BootstrapTokenFormat.UserPrefix + token.Id;
            var reasons = new List<PortalText>();
            var severe = false;
            if (token.Status == TokenStatus.NeverExpires)
            {
                reasons.Add(FindingText.NeverExpires.Text);
            }

            var direct = boundUsers.Where(x => x.Subject.Name == user).Select(x => x.Binding.Kind + " " + Qualified(x.Binding)).ToArray();
            if (direct.Length > 0)
            {
                reasons.Add(FindingText.BoundByName.With(string.Join(", ", direct)));
                severe = true;
            }

            var groups = token.ExtraGroups.Where(g => overGranted.Contains($"Group {g}")).ToArray();
            if (groups.Length > 0 || overGranted.Contains($"Group {BootstrapTokenFormat.DefaultGroup}"))
            {
                reasons.Add(FindingText.OverGranted.Text);
                severe = true;
            }

            if (reasons.Count > 0)
            {
                problems.Add((user, TextList.Of("; ", reasons), severe));
            }
        }

        if (problems.Count == 0)
        {
            return null;
        }

        return new RbacFinding(
            "cis-3.1.3",
            problems.Any(p => p.Severe) ? RbacFindingSeverity.High : RbacFindingSeverity.Medium,
            FindingText.UserCredentialsTitle.With(problems.Count),
            FindingText.UserCredentialsDetail.With(TextList.Of(" ", problems.Select(p => FindingText.TokenProblem.With(p.Subject, p.Why)))),
            [.. problems.Select(p => p.Subject)],
            [.. boundUsers.Select(x => RbacObjectRef.Of(x.Binding)).Distinct()],
            [],
            FindingText.UserCredentialsFix.Text,
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

    private static PortalText RemoveSubjectsFix(RbacBinding binding, Rbacv1Subject[] subjects, TextFormat alternative)
    {
        var kind = binding.Kind.ToLowerInvariant();
        return subjects.Length == binding.Subjects.Count
            ? FindingText.DeleteBindingFix.With(kind, binding.Name, NamespaceFlag(binding), alternative.Text)
            : FindingText.RemoveSubjectsFix.With(Describe(subjects, binding), kind, binding.Name, NamespaceFlag(binding), alternative.Text);
    }

    private static TextList WildcardGrants(IEnumerable<(V1PolicyRule Rule, PortalText? Why)> wildcards) =>
        TextList.Of(" ", wildcards.Select(w => FindingText.WildcardGrants.With(RbacRuleText.Compact(w.Rule), w.Why!)));
}
