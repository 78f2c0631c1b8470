using System.Text;
using BootstrapPortal.FleetHarness;

namespace BootstrapPortal.Benchmarks.Tests;

/// <summary>The harness's bulk approval: batches within the endpoint's limit, and a total reader of its answers.</summary>
public sealed class BulkApprovalCallsTests
{
    [Fact]
    public void NamesAreSentInBatchesOfAtMostTheLimitInOrder()
    {
        var names = Enumerable.Range(0, 2501).Select(i => $"csr-{i}").ToArray();
        var batches = BulkApprovalCalls.Batches(names, BulkApprovalCalls.MaxBatch);
        Assert.Equal([1000, 1000, 501], batches.Select(b => b.Length));
        Assert.Equal(names, batches.SelectMany(b => b));
        Assert.Single(BulkApprovalCalls.Batches(names[..7], 1000));
        Assert.Empty(BulkApprovalCalls.Batches([], 10));
        Assert.Throws<ArgumentOutOfRangeException>(() => BulkApprovalCalls.Batches(names, 1001));
        Assert.Throws<ArgumentOutOfRangeException>(() => BulkApprovalCalls.Batches(names, 0));
    }

    [Fact]
    public void TheAnswerTotalsAreRead()
    {
        const string answer = """{"total":5,"approved":3,"skipped":1,"failed":1,"items":[{"name":"csr-a","outcome":"Approved"}]}""";
        Assert.Equal(new BulkApprovalTotals(3, 1, 1, 1, 0), BulkApprovalCalls.Parse(Encoding.UTF8.GetBytes(answer)));
    }

    [Theory]
    [InlineData("")]
    [InlineData("not json")]
    [InlineData("[]")]
    [InlineData("""{"approved":3,"skipped":1}""")]
    [InlineData("""{"approved":"3","skipped":1,"failed":0}""")]
    [InlineData("""{"approved":-1,"skipped":1,"failed":0}""")]
    [InlineData("""{"approved":1.5,"skipped":1,"failed":0}""")]
    public void AnythingElseIsNoAnswer(string text) => Assert.Null(BulkApprovalCalls.Parse(Encoding.UTF8.GetBytes(text)));

    [Fact]
    public void TotalsAdd()
    {
        var sum = new BulkApprovalTotals(3, 1, 0, 1, 0).Add(new BulkApprovalTotals(0, 0, 1000, 1, 1));
        Assert.Equal(new BulkApprovalTotals(3, 1, 1000, 2, 1), sum);
    }
}
