namespace BootstrapPortal.Core.Text;

/// <summary>What happened when the portal approved or denied a CSR (one line per item of a bulk approval).</summary>
public static class DecisionText
{
    /// <summary>The decision landed: the operator's reason and who decided (the condition message the portal wrote).</summary>
    public static readonly TextFormat Approved = new("Approved: {0} (by {1} via BootstrapPortal)");
    public static readonly TextFormat Denied = new("Denied: {0} (by {1} via BootstrapPortal)");
    public static readonly TextFormat NotFound = new("CSR \"{0}\" does not exist.");
    public static readonly TextFormat SkippedWarnNotConfirmed = new("Skipped: the verdict warns and this item was not confirmed ({0}).");
    public static readonly TextFormat SkippedFailNotOverridden = new("Skipped: the verdict fails and this item was not overridden ({0}).");
    public static readonly TextFormat SkippedWorse = new("Skipped: its verdict is now {0}, worse than when it was chosen ({1}).");
    public static readonly TextFormat NotApprovedImpersonation = new("Not approved: {0}");
    public static readonly TextFormat NotDeniedImpersonation = new("Not denied: {0}");
    public static readonly TextFormat VerdictFails = new("CSR \"{0}\" was not approved: its verdict fails ({1}). Approving it needs an explicit override with a reason.");
    public static readonly TextFormat ChangedWhileApproving = new("CSR \"{0}\" changed while it was being approved and is still undecided; nothing was written. Look at it again and retry. ({1})");
    public static readonly TextFormat ChangedWhileDenying = new("CSR \"{0}\" changed while it was being denied and is still undecided; nothing was written. Look at it again and retry. ({1})");
    public static readonly TextFormat RefusedApprove = new("The cluster refused to approve \"{0}\"{1}: {2}");
    public static readonly TextFormat RefusedDeny = new("The cluster refused to deny \"{0}\"{1}: {2}");
    public static readonly TextFormat ForActor = new(" for {0}");
    public static readonly TextFormat CouldNotApprove = new("Could not approve \"{0}\": {1}");
    public static readonly TextFormat CouldNotDeny = new("Could not deny \"{0}\": {1}");
    public static readonly TextFormat AlreadyApproved = new("CSR \"{0}\" was already {1} ({2}: {3}); it was not approved again.");
    public static readonly TextFormat AlreadyDenied = new("CSR \"{0}\" was already {1} ({2}: {3}); it was not denied again.");
}
