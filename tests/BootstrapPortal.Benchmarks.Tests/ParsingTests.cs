extern alias benchmarks;
using System.Text;
using BootstrapPortal.Benchmarks.Fleet;
using BootstrapPortal.FleetHarness;
using OpenSslComparison = benchmarks::BootstrapPortal.Benchmarks.OpenSslComparison;

namespace BootstrapPortal.Benchmarks.Tests;

/// <summary>The harness's readers of outside text: /proc, Prometheus text, openssl output, the portal's JSON.</summary>
public sealed class ParsingTests
{
    [Fact]
    public void CpuTimeIsUtimePlusStimeEvenWithSpacesInTheName()
    {
        const string stat = "4242 (dotnet (web) x) S 1 4242 4242 0 -1 4194560 100 0 0 0 1234 566 0 0 20 0 30 0 12345 987654 4321 18446744073709551615";
        Assert.Equal(18.0, ProcStats.ParseCpuSeconds(stat));
        Assert.Null(ProcStats.ParseCpuSeconds("garbage"));
        Assert.Null(ProcStats.ParseCpuSeconds("1 (x) S 1"));
    }

    [Fact]
    public void RssIsReadInMiB()
    {
        Assert.Equal(512.0, ProcStats.ParseRssMiB("Name:\tdotnet\nVmPeak:\t 999 kB\nVmRSS:\t  524288 kB\nThreads: 30\n"));
        Assert.Null(ProcStats.ParseRssMiB("Name:\tdotnet\n"));
    }

    [Fact]
    public void PrometheusSamplesAreSummedByLabel()
    {
        const string text = """
            # HELP bootstrapportal_kubernetes_requests_total Requests.
            # TYPE bootstrapportal_kubernetes_requests_total counter
            bootstrapportal_kubernetes_requests_total{verb="list",resource="nodes"} 2
            bootstrapportal_kubernetes_requests_total{verb="list",resource="certificatesigningrequests"} 3
            bootstrapportal_kubernetes_requests_total{verb="watch",resource="nodes"} 7
            bootstrapportal_kubernetes_requests_total_other{verb="list"} 100
            bootstrapportal_cache_synced 1
            """;
        Assert.Equal(5, PrometheusText.Sum(text, "bootstrapportal_kubernetes_requests_total", "verb=\"list\""));
        Assert.Equal(12, PrometheusText.Sum(text, "bootstrapportal_kubernetes_requests_total"));
        Assert.Equal(3, PrometheusText.Sum(text, "bootstrapportal_kubernetes_requests_total", "verb=\"list\"", "resource=\"certificatesigningrequests\""));
        Assert.Equal(1, PrometheusText.Sum(text, "bootstrapportal_cache_synced"));
        Assert.Equal(0, PrometheusText.Sum(text, "absent"));
    }

    [Fact]
    public void OpenSslSpeedVerifyRateIsTheLastColumn()
    {
        const string output = """
            Doing 256 bits sign ecdsa's for 3s: 120000 256 bits ECDSA signs in 2.99s
            Doing 256 bits verify ecdsa's for 3s: 36000 256 bits ECDSA verify in 3.00s
            version: 3.0.19
                                          sign    verify    sign/s verify/s
             256 bits ecdsa (nistp256)   0.0000s   0.0001s  40133.8  12000.0
            """;
        Assert.Equal(12000.0, OpenSslComparison.ParseVerifyRate(output));
        Assert.Null(OpenSslComparison.ParseVerifyRate("no such line"));
    }

    [Fact]
    public void OpenSslSubjectCommonNameIsRead()
    {
        Assert.Equal("system:node:worker-1", OperatorPipeline.CommonNameOf("subject=CN=system:node:worker-1,O=system:nodes\n"));
        Assert.Null(OperatorPipeline.CommonNameOf("subject=O=system:nodes\n"));
        Assert.Null(OperatorPipeline.CommonNameOf(string.Empty));
    }

    [Fact]
    public void CsrListsAreReadUnpagedAndPaged()
    {
        var into = new List<ListedCsr>();
        var next = CsrListing.Parse(Encoding.UTF8.GetBytes("""[{"name":"a","state":"Pending","subject":{"commonName":"cn-a"},"verdict":{"result":"Pass"}}]"""), into);
        Assert.Null(next);
        next = CsrListing.Parse(Encoding.UTF8.GetBytes("""{"items":[{"name":"b","state":"Issued","subject":{"commonName":null},"verdict":{"result":"Fail"}}],"continue":"tok"}"""), into);
        Assert.Equal("tok", next);
        Assert.Equal([new ListedCsr("a", "Pending", "cn-a", "Pass"), new ListedCsr("b", "Issued", null, "Fail")], into);
        Assert.Equal(2, ApiLoad.CountItems("""[1,2]"""u8));
        Assert.Equal(3, ApiLoad.CountItems("""{"items":[1,2,3],"total":9}"""u8));
        Assert.Equal(0, ApiLoad.CountItems("not json"u8));
    }

    [Fact]
    public void PercentilesAreNearestRank()
    {
        double[] values = [5, 1, 4, 2, 3, 6, 7, 8, 9, 10];
        Assert.Equal(5, Percentiles.Of(values, 50));
        Assert.Equal(10, Percentiles.Of(values, 99));
        Assert.Equal(1, Percentiles.Of(values, 0));
        Assert.Null(Percentiles.Of([], 50));
    }

    [Fact]
    public void MissingObjectsAreWhatTheClusterLacks()
    {
        var target = new FleetShape(5000, 10000, 2000, 500, 2000);
        Assert.Equal(target, new FleetCounts(0, 0, 0, 0, 0).Missing(target));
        Assert.Equal(new FleetShape(0, 0, 0, 0, 0), new FleetCounts(5005, 10010, 2003, 510, 2050).Missing(target));
        Assert.Equal(new FleetShape(4995, 9997, 1999, 499, 1970), new FleetCounts(5, 3, 1, 1, 30).Missing(target));
    }
}
