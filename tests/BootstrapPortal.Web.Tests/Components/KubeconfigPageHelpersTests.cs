using BootstrapPortal.Web.Components.Kubeconfigs;
using BootstrapPortal.Web.Components.Tokens;

namespace BootstrapPortal.Web.Tests.Components;

public class KubeconfigPageHelpersTests
{
    [Theory]
    [InlineData("worker-1\nworker-2", new[] { "worker-1", "worker-2" })]
    [InlineData(" worker-1 , worker-2,worker-1 ", new[] { "worker-1", "worker-2" })]
    [InlineData("a b\r\nc;d\te", new[] { "a", "b", "c", "d", "e" })]
    [InlineData("", new string[0])]
    [InlineData(null, new string[0])]
    public void Node_names_are_read_from_free_text(string? text, string[] expected) =>
        Assert.Equal(expected, NodeNameList.Parse(text).ToArray());

    [Fact]
    public void The_token_secret_is_masked_everywhere_it_appears()
    {
        const string Text = "token: abcdef.0123456789abcdef\nkubeadm join x --token abcdef.0123456789abcdef --discovery-token-ca-cert-hash sha256:00";
        var masked = SecretText.Mask(Text, "abcdef");
        Assert.DoesNotContain("0123456789abcdef", masked, StringComparison.Ordinal);
        Assert.Contains("abcdef.••••••••••••••••", masked, StringComparison.Ordinal);
        Assert.EndsWith("sha256:00", masked, StringComparison.Ordinal);
    }

    [Fact]
    public void Masking_leaves_text_without_the_token_alone() =>
        Assert.Equal("server: https://10.0.0.10:6443", SecretText.Mask("server: https://10.0.0.10:6443", "abcdef"));

    [Fact]
    public void Create_form_turns_into_a_request()
    {
        var model = new CreateTokenModel { NodeName = " worker-9 ", OneTime = true, Description = " gpu ", Ttl = "04:00:00", Signing = false, Groups = "system:bootstrappers:a, system:bootstrappers:b" };
        var request = model.ToRequest();
        Assert.Equal("worker-9", request.NodeName);
        Assert.True(request.OneTime);
        Assert.Equal("gpu", request.Description);
        Assert.Equal(TimeSpan.FromHours(4), request.Ttl);
        Assert.Equal(["authentication"], request.Usages!.ToArray());
        Assert.Equal(["system:bootstrappers:a", "system:bootstrappers:b"], request.Groups!.ToArray());
    }

    [Fact]
    public void One_time_needs_a_node()
    {
        var request = new CreateTokenModel { OneTime = true }.ToRequest();
        Assert.False(request.OneTime);
        Assert.Null(request.NodeName);
    }
}
