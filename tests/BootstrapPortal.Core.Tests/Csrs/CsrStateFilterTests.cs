using BootstrapPortal.Core.Csrs;

namespace BootstrapPortal.Core.Tests.Csrs;

public sealed class CsrStateFilterTests
{
    [Theory]
    [InlineData("Pending", new[] { CsrState.Pending })]
    [InlineData("approved", new[] { CsrState.Approved })]
    [InlineData("Approved,Issued", new[] { CsrState.Approved, CsrState.Issued })]
    [InlineData("Issued, Approved ,Issued", new[] { CsrState.Approved, CsrState.Issued })]
    [InlineData("pending,approved,issued,denied,failed", new[] { CsrState.Pending, CsrState.Approved, CsrState.Issued, CsrState.Denied, CsrState.Failed })]
    public void Parses_names_and_comma_lists(string text, CsrState[] expected)
    {
        Assert.True(CsrStateFilter.TryParse(text, out var states));
        Assert.Equal(expected.OrderBy(s => s), states.OrderBy(s => s));
    }

    [Fact]
    public void A_comma_list_is_a_set_never_the_bitwise_sum_of_flags()
    {
        // As enum flags, Approved (1) | Issued (2) is 3: Denied. The filter must list exactly the two states asked for.
        Assert.Equal(CsrState.Denied, (CsrState)((int)CsrState.Approved | (int)CsrState.Issued));
        Assert.True(CsrStateFilter.TryParse("Approved,Issued", out var states));
        Assert.DoesNotContain(CsrState.Denied, states);
        var query = new CsrQuery(States: states);
        Assert.False(query.Matches(new CsrView { Name = "denied", State = CsrState.Denied }));
        Assert.True(query.Matches(new CsrView { Name = "issued", State = CsrState.Issued }));
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData("3")]
    [InlineData("-1")]
    [InlineData("Approved|Issued")]
    [InlineData("Approved,")]
    [InlineData(",Approved")]
    [InlineData("Approved,,Issued")]
    [InlineData("Bogus")]
    [InlineData("Approved,Bogus")]
    [InlineData("Pending\u0000")]
    [InlineData("Ｐending")]
    [InlineData(null)]
    public void Rejects_anything_else(string? text) => Assert.False(CsrStateFilter.TryParse(text, out _));

    [Fact]
    public void Rejects_long_input_before_splitting() =>
        Assert.False(CsrStateFilter.TryParse(string.Join(',', Enumerable.Repeat("Pending", 100)), out _));

    [Fact]
    public void The_expected_text_names_every_state() =>
        Assert.All(Enum.GetNames<CsrState>(), name => Assert.Contains(name, CsrStateFilter.Expected, StringComparison.Ordinal));
}
