using BootstrapPortal.Core.Csrs;
using BootstrapPortal.Core.Paging;
using BootstrapPortal.Core.Tokens;

namespace BootstrapPortal.Web.Api;

/// <summary>
/// Reads a <see cref="CsrBulkApprovalBody"/> into the Core request, or the 400 naming the field. Total: every shape of body
/// ends in one or the other, and no message repeats what was sent.
/// </summary>
public static class CsrBulkApprovalValidation
{
    public static bool TryRead(CsrBulkApprovalBody? body, out BulkApprovalRequest request, out string reason, out IResult? error)
    {
        request = BulkApprovalRequest.AllPendingThatPass;
        reason = string.Empty;
        error = null;
        if (CsrDecisionText.ValidateReason(body?.Reason) is { } reasonError)
        {
            error = PortalApiErrors.Invalid("reason", reasonError);
            return false;
        }

        reason = body!.Reason!;
        var all = body.AllPendingThatPass == true;
        if (all && body.Names is not null)
        {
            error = PortalApiErrors.Invalid("names", "Send either names or \"allPendingThatPass\": true, not both.");
            return false;
        }

        if (all)
        {
            if (body.Confirmed is not null)
            {
                error = PortalApiErrors.Invalid("confirmed", "Only with names: \"allPendingThatPass\" approves requests that pass, which need no confirmation.");
                return false;
            }

            return true;
        }

        if (body.Names is null)
        {
            error = PortalApiErrors.Invalid("names", "Required: the names of the CSRs to approve, or \"allPendingThatPass\": true.");
            return false;
        }

        if (NamesError(body.Names, "names") is { } namesError)
        {
            error = namesError;
            return false;
        }

        var names = body.Names.Select(n => n!).ToArray();
        if (body.Confirmed is { } confirmed)
        {
            if (NamesError(confirmed, "confirmed") is { } confirmedError)
            {
                error = confirmedError;
                return false;
            }

            var listed = new HashSet<string>(names, StringComparer.Ordinal);
            var stray = confirmed.Select((n, i) => (n, i)).FirstOrDefault(x => !listed.Contains(x.n!));
            if (stray.n is not null)
            {
                error = PortalApiErrors.Invalid("confirmed", $"Item {stray.i} is not one of the names to approve.");
                return false;
            }
        }

        request = BulkApprovalRequest.Selected(names, body.Confirmed?.Select(n => n!));
        return true;
    }

    private static IResult? NamesError(IReadOnlyList<string?> names, string field)
    {
        if (field == "names" && names.Count == 0)
        {
            return PortalApiErrors.Invalid(field, "At least one name is required.");
        }

        if (names.Count > ListLimits.MaxLimit)
        {
            return PortalApiErrors.Invalid(field, $"At most {ListLimits.MaxLimit} names per call; send larger sets in batches.");
        }

        for (var i = 0; i < names.Count; i++)
        {
            if (DnsSubdomain.Validate(names[i]) is { } nameError)
            {
                // The reason of the rule, never the value: an answer does not repeat what was sent.
                return PortalApiErrors.Invalid(field, $"Item {i} is not a valid CSR name ({nameError}).");
            }
        }

        return null;
    }
}
