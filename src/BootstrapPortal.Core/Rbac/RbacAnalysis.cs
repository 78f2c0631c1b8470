using System.Collections.Concurrent;
using BootstrapPortal.Core.Tokens;

namespace BootstrapPortal.Core.Rbac;

/// <summary>
/// Everything the RBAC audit shows for one state of the cluster's RBAC objects and tokens, built once per change and shared
/// by every session and API call: the evaluator, the checklist, the advice for new tokens, per-token checks, who-can answers
/// and findings. The parts are computed on first use and then kept; the object is immutable apart from those caches. A
/// who-can answer is computed once per question however many sessions ask at the same moment, and the memo is bounded
/// (<see cref="MaxCachedQuestions"/>): past it, the memo starts over rather than grow with every custom question.
/// </summary>
public sealed class RbacAnalysis
{
    /// <summary>Who-can answers kept per analysis (each of the two memos).</summary>
    public const int MaxCachedQuestions = 512;
    private readonly IReadOnlyList<string> _configuredDefaults;
    private readonly Lazy<BootstrapGroupAdvice> _advice;
    private readonly Lazy<IReadOnlyList<BootstrapChecklistRow>> _checklist;
    private readonly Lazy<HashSet<string>> _namedUsers;
    private readonly ConcurrentDictionary<string, TokenBootstrapCheck> _identityChecks = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Lazy<IReadOnlyList<WhoCanSubject>>> _whoCan = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<SubjectDirectory, IReadOnlyList<RbacFinding>> _findings = new();
    private readonly ConcurrentDictionary<string, Lazy<CombinedWhoCan>> _answers = new(StringComparer.Ordinal);
    private int _evaluations;

    public RbacAnalysis(RbacPolicy policy, IReadOnlyList<BootstrapTokenInfo> tokens, IReadOnlyList<string> configuredDefaultGroups, DateTimeOffset builtAt,
        bool isSynced)
    {
        Policy = policy ?? throw new ArgumentNullException(nameof(policy));
        Tokens = tokens ?? throw new ArgumentNullException(nameof(tokens));
        _configuredDefaults = configuredDefaultGroups ?? throw new ArgumentNullException(nameof(configuredDefaultGroups));
        BuiltAt = builtAt;
        IsSynced = isSynced;
        _advice = new Lazy<BootstrapGroupAdvice>(() => BootstrapGroupAdvice.Choose(Policy, Tokens, _configuredDefaults));
        _checklist = new Lazy<IReadOnlyList<BootstrapChecklistRow>>(() => BootstrapChecklist.Build(Policy, Tokens, Advice));
        _namedUsers = new Lazy<HashSet<string>>(() => Policy.Bindings.SelectMany(b => b.Subjects)
            .Where(s => s.Kind == RbacSubjects.UserKind && s.Name is not null).Select(s => s.Name).ToHashSet(StringComparer.Ordinal));
    }

    public RbacPolicy Policy { get; }

    public IReadOnlyList<BootstrapTokenInfo> Tokens { get; }

    public DateTimeOffset BuiltAt { get; }

    /// <summary>Whether the RBAC and token caches had listed when this was built (before that, everything reads as missing).</summary>
    public bool IsSynced { get; }

    public BootstrapGroupAdvice Advice => _advice.Value;

    /// <summary>How many who-can evaluations this analysis has run (each question once while it is kept).</summary>
    internal int Evaluations => Volatile.Read(ref _evaluations);

    public IReadOnlyList<BootstrapChecklistRow> Checklist => _checklist.Value;

    /// <summary>The bootstrap check of one token; tokens with the same groups share one RBAC evaluation unless a binding names the token's user.</summary>
    public TokenBootstrapCheck Check(BootstrapTokenInfo token, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(token);
        if (token.Status is TokenStatus.Invalid or TokenStatus.Expired)
        {
            return TokenBootstrapChecks.Evaluate(Policy, token, now);
        }

        var user = BootstrapTokenFormat.UserPrefix + token.Id;
        var id = _namedUsers.Value.Contains(user) ? token.Id : null;
        var key = $"{id}|{string.Join(',', token.ExtraGroups.Order(StringComparer.Ordinal))}|{string.Join(',', token.Usages)}";
        var identity = _identityChecks.GetOrAdd(key, _ => TokenBootstrapChecks.EvaluateIdentity(Policy, id, token.ExtraGroups, token.Usages));
        return token.Status == TokenStatus.ExpiringSoon ? TokenBootstrapChecks.Evaluate(Policy, token, now) : identity;
    }

    /// <summary>The check of a token the create form would mint.</summary>
    public TokenBootstrapCheck CheckProposal(IReadOnlyList<string> extraGroups, IReadOnlyList<string> usages) =>
        TokenBootstrapChecks.EvaluateProposal(Policy, extraGroups, usages);

    /// <summary>Who may do <paramref name="request"/> (its user and groups are ignored); answers are kept for this state.</summary>
    public IReadOnlyList<WhoCanSubject> WhoCan(RbacRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var key = string.Join('\n', request.Verb, request.ApiGroup, request.Resource, request.Subresource, request.Name, request.Namespace, request.Path);
        return Memo(_whoCan, key, () => RbacWhoCan.Evaluate(Policy, request));
    }

    /// <summary>The answer to one of the audit's own questions; kept for this state.</summary>
    public CombinedWhoCan Answer(WhoCanQuestion question)
    {
        ArgumentNullException.ThrowIfNull(question);
        return Memo(_answers, question.Id, () => RbacWhoCan.EvaluateAll(Policy, question.AllOf));
    }

    /// <summary>The kept answer for <paramref name="key"/>, computed once (callers asking meanwhile wait for the same answer).</summary>
    private T Memo<T>(ConcurrentDictionary<string, Lazy<T>> memo, string key, Func<T> evaluate)
    {
        if (!memo.TryGetValue(key, out var answer))
        {
            if (memo.Count >= MaxCachedQuestions)
            {
                memo.Clear();
            }

            answer = memo.GetOrAdd(key, _ => new Lazy<T>(() =>
            {
                Interlocked.Increment(ref _evaluations);
                return evaluate();
            }, LazyThreadSafetyMode.ExecutionAndPublication));
        }

        return answer.Value;
    }

    /// <summary>Findings against the given namespaces/ServiceAccounts; kept per directory snapshot.</summary>
    public IReadOnlyList<RbacFinding> Findings(SubjectDirectory directory)
    {
        ArgumentNullException.ThrowIfNull(directory);
        if (_findings.TryGetValue(directory, out var cached))
        {
            return cached;
        }

        var findings = RbacFindings.Evaluate(Policy, Tokens, directory);
        if (_findings.Count > 4)
        {
            _findings.Clear();
        }

        _findings.TryAdd(directory, findings);
        return findings;
    }

    /// <summary>The bindings a fix would create.</summary>
    public BootstrapFixPlan PlanFix(BootstrapFixRequest request, string actor) => BootstrapFixPlan.Create(Policy, Advice, request, actor);
}
