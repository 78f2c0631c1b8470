using BootstrapPortal.FleetHarness;

namespace BootstrapPortal.Benchmarks.Tests;

public sealed class ResultTableTests
{
    [Fact]
    public void RowsShowValueTargetAndWhetherItIsMet()
    {
        var table = ResultTable.ToMarkdown(
        [
            new Measurement("api-list-p50", "GET /api/v1/csrs p50, 20 clients", 42.5, "ms", TargetKind.AtMost, 50, "100 items"),
            new Measurement("page", "CSR page interactive", 4200, "ms", TargetKind.AtMost, 1500),
            new Measurement("ratio", "Portal faster than the pipeline by", 250, "×", TargetKind.AtLeast, 100),
            new Measurement("search", "Search keystroke → filtered rows", null, "ms", TargetKind.AtMost, 200, "never showed | rows"),
            new Measurement("sync", "Start to /readyz", 12.25, "s"),
        ]);
        var lines = table.TrimEnd().Split(Environment.NewLine);
        Assert.Equal("| Measurement | Value | Target | Met |", lines[0]);
        Assert.Equal("|---|---|---|---|", lines[1]);
        Assert.Equal("| GET /api/v1/csrs p50, 20 clients | 42.5 ms (100 items) | ≤ 50 ms | met |", lines[2]);
        Assert.Equal("| CSR page interactive | 4,200 ms | ≤ 1,500 ms | **gap** |", lines[3]);
        Assert.Equal("| Portal faster than the pipeline by | 250 × | ≥ 100 × | met |", lines[4]);
        Assert.Equal("| Search keystroke → filtered rows | not measured (never showed \\| rows) | ≤ 200 ms | — |", lines[5]);
        Assert.Equal("| Start to /readyz | 12.3 s | — | — |", lines[6]);
        Assert.Equal(7, lines.Length);
    }

    [Theory]
    [InlineData(0.1234, "0.123")]
    [InlineData(12.34, "12.3")]
    [InlineData(1234.5, "1,235")]
    [InlineData(0, "0")]
    public void NumbersAreShortAndInvariant(double value, string text) => Assert.Equal(text, ResultTable.Number(value));

    [Fact]
    public void AZeroLimitIsMetOnlyByZero()
    {
        Assert.True(new Measurement("k", "lists", 0, "", TargetKind.AtMost, 0).Met);
        Assert.False(new Measurement("k", "lists", 0.2, "", TargetKind.AtMost, 0).Met);
        Assert.Null(new Measurement("k", "lists", null, "", TargetKind.AtMost, 0).Met);
    }
}
