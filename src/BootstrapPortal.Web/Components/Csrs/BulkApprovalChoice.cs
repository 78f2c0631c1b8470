using BootstrapPortal.Core.Csrs;

namespace BootstrapPortal.Web.Components.Csrs;

/// <summary>What the bulk approval dialog hands back: the shared reason and which items were confirmed or overridden.</summary>
public sealed record BulkApprovalChoice(string Reason, BulkApprovalRequest Request);
