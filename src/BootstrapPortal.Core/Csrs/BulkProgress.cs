namespace BootstrapPortal.Core.Csrs;

/// <summary>Progress of a bulk approval: how many of <see cref="Total"/> are done, and the item that just finished.</summary>
public sealed record BulkProgress(int Completed, int Total, CsrDecisionResult Last)
{
    public double Fraction => Total == 0 ? 1 : (double)Completed / Total;
}
