using BootstrapPortal.Core.Kubeconfigs;

namespace BootstrapPortal.Core.Tests.Kubeconfigs;

public sealed class KubeconfigOptionsValidatorTests
{
    [Fact]
    public void Empty_options_are_valid() => Assert.True(new KubeconfigOptionsValidator().Validate(null, new KubeconfigOptions()).Succeeded);

    [Fact]
    public void Bad_server_url_missing_file_and_non_pem_file_name_their_keys()
    {
        var notPem = Path.GetTempFileName();
        try
        {
            File.WriteAllText(notPem, "hello");
            var v = new KubeconfigOptionsValidator();
            Assert.Contains(v.Validate(null, new KubeconfigOptions { ServerUrl = "http://x:1" }).Failures!, f => f.StartsWith("Kubeconfigs:ServerUrl", StringComparison.Ordinal));
            Assert.Contains(v.Validate(null, new KubeconfigOptions { CaFile = "/nonexistent/ca.crt" }).Failures!, f => f.Contains("does not exist", StringComparison.Ordinal));
            Assert.Contains(v.Validate(null, new KubeconfigOptions { CaFile = notPem }).Failures!, f => f.StartsWith("Kubeconfigs:CaFile", StringComparison.Ordinal));
        }
        finally
        {
            File.Delete(notPem);
        }
    }
}
