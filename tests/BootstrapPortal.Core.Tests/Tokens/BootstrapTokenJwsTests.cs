using BootstrapPortal.Core.Tokens;

namespace BootstrapPortal.Core.Tests.Tokens;

public sealed class BootstrapTokenJwsTests
{
    // Worked example (Vectors cm.json): kube-public/cluster-info signed for token abcdef.0123456789abcdef.
    private const string ClusterInfoKubeconfig = "apiVersion: v1\nclusters:\n- cluster:\n    certificate-authority-data: LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCk1JSUJhakNDQVJDZ0F3SUJBZ0lRYTZ5eXBNcElzT1p6dWhmWW40OTdiekFLQmdncWhrak9QUVFEQWpBVk1STXcKRVFZRFZRUUREQXByZFdKbGNtNWxkR1Z6TUI0WERUSTJNRE13TWpFeE5UQXdNRm9YRFRNMk1ESXlPREV4TlRVdwpNRm93RlRFVE1CRUdBMVVFQXd3S2EzVmlaWEp1WlhSbGN6QlpNQk1HQnlxR1NNNDlBZ0VHQ0NxR1NNNDlBd0VICkEwSUFCT1NHN1pITmZTV3JDWUtwS2dHZnNEYm0rUUFZRkhKMVM4VSs0Vk9kUlNTUVVCK0hxZG8wajZVK0hVYWEKbWIxMVhwRlc5U01rU0tNTmNLbXVpazhNNjJtalFqQkFNQTRHQTFVZER3RUIvd1FFQXdJQ3BEQVBCZ05WSFJNQgpBZjhFQlRBREFRSC9NQjBHQTFVZERnUVdCQlIzbjh6Tk03K3dubzMxa1Jqd0l0VU9TN2cvY3pBS0JnZ3Foa2pPClBRUURBZ05JQURCRkFpRUE4MzRnZ0NpdmRWYjJVZ3pDNndrRWJRS2h4Sy9MQXB3eU0yUG0yeUJNK29FQ0lFVEwKZ0NaWWRjVU1sRVFlTHRoYkF3WmVCdWt4MEF2akhKOElZV3J0YzFhSwotLS0tLUVORCBDRVJUSUZJQ0FURS0tLS0tCg==\n    server: https://10.0.0.10:6443\n  name: \"\"\ncontexts: null\ncurrent-context: \"\"\nkind: Config\nusers: null\n";
    private const string ClusterInfoSignature = "eyJhbGciOiJIUzI1NiIsImtpZCI6ImFiY2RlZiJ9..WdyTwor5nFkgA-Kpf-LkJPoZiZnenGXq2ZbjG-T6pdI";

    // Upstream k8s.io/cluster-bootstrap token/jws/jws_test.go vectors.
    [Theory]
    [InlineData("Hello from the other side. I must have called a thousand times.", "joshua", "my voice is my passcode", "eyJhbGciOiJIUzI1NiIsImtpZCI6Impvc2h1YSJ9..VShe2taLd-YTrmWuRkcL_8QTNDHYxQIEBsAYYiIj1_8")]
    [InlineData("", "joshua", "my voice is my passcode", "eyJhbGciOiJIUzI1NiIsImtpZCI6Impvc2h1YSJ9..7Ui1ALizW4jXphVUB7xUqC9vLYLL9RZeOFfVLoB7Tgk")]
    [InlineData("Hello from the other side. I must have called a thousand times.", "joshua", "", "eyJhbGciOiJIUzI1NiIsImtpZCI6Impvc2h1YSJ9..UfkqvDGiIFxrMnFseDj9LYJOLNrvjW8aHhF71mvvAs8")]
    public void Upstream_vectors_match(string content, string id, string secret, string expected)
    {
        Assert.Equal(expected, BootstrapTokenJws.ComputeDetachedSignature(content, id, secret));
        Assert.True(BootstrapTokenJws.IsValid(expected, content, id, secret));
    }

    [Fact]
    public void Cluster_info_worked_example_matches()
    {
        Assert.Equal(ClusterInfoSignature, BootstrapTokenJws.ComputeDetachedSignature(ClusterInfoKubeconfig, "abcdef", "0123456789abcdef"));
        Assert.StartsWith("eyJhbGciOiJIUzI1NiIsImtpZCI6ImFiY2RlZiJ9..", ClusterInfoSignature, StringComparison.Ordinal);
    }

    [Fact]
    public void Key_is_the_secret_only_not_the_full_token()
    {
        var withFullToken = BootstrapTokenJws.ComputeDetachedSignature(ClusterInfoKubeconfig, "abcdef", "abcdef.0123456789abcdef");
        Assert.NotEqual(ClusterInfoSignature, withFullToken);
        Assert.False(BootstrapTokenJws.IsValid(ClusterInfoSignature, ClusterInfoKubeconfig, "abcdef", "abcdef.0123456789abcdef"));
    }

    [Fact]
    public void Any_change_of_content_id_or_secret_invalidates()
    {
        Assert.False(BootstrapTokenJws.IsValid(ClusterInfoSignature, ClusterInfoKubeconfig + " ", "abcdef", "0123456789abcdef"));
        Assert.False(BootstrapTokenJws.IsValid(ClusterInfoSignature, ClusterInfoKubeconfig, "abcdeg", "0123456789abcdef"));
        Assert.False(BootstrapTokenJws.IsValid(ClusterInfoSignature, ClusterInfoKubeconfig, "abcdef", "0123456789abcdeg"));
    }
}
