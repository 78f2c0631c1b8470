using BootstrapPortal.Core.Cluster;
using BootstrapPortal.Core.Text;
using k8s;
using k8s.Models;

namespace BootstrapPortal.Core.Csrs;

/// <summary>
/// Confirms the cached-RBAC prediction of csrapproving with real SubjectAccessReviews through the API server (what
/// kube-controller-manager itself sends, k/k pkg/controller/certificates/approver/sarapprove.go). Needs <c>create subjectaccessreviews</c>.
/// </summary>
public sealed class AutoApprovalReviewer
{
    private readonly IKubernetes _client;

    public AutoApprovalReviewer(IKubernetes client) => _client = client ?? throw new ArgumentNullException(nameof(client));

    /// <summary>
    /// Sends the review of each recogniser the CSR matches, in order, and stops at the first allowed one. The explanation says
    /// whether the API server agrees with <paramref name="entry"/>'s prediction.
    /// </summary>
    public async Task<AutoApprovalPrediction> ConfirmAsync(CsrEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var predicted = entry.Verdict.AutoApproval;
        if (predicted.RecognizedAs.Count == 0)
        {
            return predicted;
        }

        var view = entry.View;
        foreach (var subresource in predicted.RecognizedAs)
        {
            V1SubjectAccessReview answer;
            try
            {
                answer = await _client.AuthorizationV1.CreateSubjectAccessReviewAsync(Review(view, subresource), cancellationToken: cancellationToken);
            }
            catch (Exception ex) when (ex is k8s.Autorest.HttpOperationException or HttpRequestException)
            {
                return predicted with { Text = VerdictText.ApiServerUnconfirmed.With(predicted.Text, KubernetesErrors.Describe(ex)) };
            }

            if (answer.Status?.Allowed == true)
            {
                var agrees = predicted.WouldAutoApprove && predicted.ApprovedBy == subresource;
                return new AutoApprovalPrediction(true, predicted.RecognizedAs, subresource, answer.Status.Reason,
                    (agrees ? VerdictText.ApiServerAllows : VerdictText.ApiServerAllowsUnpredicted).With(subresource, answer.Status.Reason ?? string.Empty));
            }
        }

        return new AutoApprovalPrediction(false, predicted.RecognizedAs, null, null,
            (predicted.WouldAutoApprove ? VerdictText.ApiServerDeniesUnpredicted : VerdictText.ApiServerDenies).With(string.Join(", ", predicted.RecognizedAs)));
    }

    /// <summary>The SubjectAccessReview csrapproving sends for <paramref name="subresource"/>.</summary>
    public static V1SubjectAccessReview Review(CsrView view, string subresource)
    {
        ArgumentNullException.ThrowIfNull(view);
        return new V1SubjectAccessReview
        {
            ApiVersion = "authorization.k8s.io/v1",
            Kind = "SubjectAccessReview",
            Spec = new V1SubjectAccessReviewSpec
            {
                User = view.Username,
                Uid = view.RequesterUid,
                Groups = [.. view.Groups],
                Extra = view.Extra.ToDictionary(kv => kv.Key, kv => (IList<string>)[.. kv.Value]),
                ResourceAttributes = new V1ResourceAttributes
                {
                    Group = KubeletCsrRecognizers.ApiGroup,
                    Resource = KubeletCsrRecognizers.Resource,
                    Subresource = subresource,
                    Verb = "create",
                    Version = "*",
                },
            },
        };
    }
}
