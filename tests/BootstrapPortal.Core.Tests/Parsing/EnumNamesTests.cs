using BootstrapPortal.Core.Csrs;
using BootstrapPortal.Core.Ledger;
using BootstrapPortal.Core.Parsing;

namespace BootstrapPortal.Core.Tests.Parsing;

public sealed class EnumNamesTests
{
    [Theory]
    [InlineData("Serving", CertificateKind.Serving)]
    [InlineData("serving", CertificateKind.Serving)]
    [InlineData("CLIENT", CertificateKind.Client)]
    public void A_name_in_any_case_is_its_value(string text, CertificateKind expected)
    {
        Assert.True(EnumNames.TryParse<CertificateKind>(text, out var kind));
        Assert.Equal(expected, kind);
    }

    [Theory]
    [InlineData("client,serving")]
    [InlineData("1")]
    [InlineData("0")]
    [InlineData(" client")]
    [InlineData("client ")]
    [InlineData("")]
    [InlineData(null)]
    [InlineData("Ｃlient")]
    public void Numbers_flag_lists_and_padded_names_are_refused(string? text) =>
        Assert.False(EnumNames.TryParse<CertificateKind>(text, out _));

    [Fact]
    public void Flags_that_would_sum_to_another_value_are_refused()
    {
        // As flags, Healthy (0) | Warning (1) is Warning: a list must never widen or move a filter.
        Assert.False(EnumNames.TryParse<RotationStatus>("Healthy,Warning", out _));
        Assert.False(EnumNames.TryParse<CsrState>("Approved,Issued", out _));
    }

    [Fact]
    public void The_list_names_every_value() =>
        Assert.Equal(string.Join(", ", Enum.GetNames<RotationStatus>()), EnumNames.List<RotationStatus>());
}
