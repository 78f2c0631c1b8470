using BootstrapPortal.Core.Persistence;

namespace BootstrapPortal.Core.Tests.Persistence;

public sealed class LedgerOptionsValidatorTests
{
    private static readonly LedgerOptionsValidator Validator = new();

    [Fact]
    public void Defaults_are_valid()
    {
        Assert.True(Validator.Validate(null, new LedgerOptions { ConnectionString = "Data Source=portal.db" }).Succeeded);
        Assert.True(Validator.Validate(null, new LedgerOptions { Provider = LedgerProvider.Postgres, ConnectionString = "Host=db;Database=p" }).Succeeded);
        Assert.True(Validator.Validate(null, new LedgerOptions { Retention = TimeSpan.Zero }).Succeeded);
    }

    public static TheoryData<LedgerOptions, string> Invalid => new()
    {
        { new LedgerOptions { Provider = LedgerProvider.Postgres }, "ConnectionStrings:Ledger is required" },
        { new LedgerOptions { Provider = (LedgerProvider)7 }, "Ledger:Provider" },
        { new LedgerOptions { ConnectionString = "Password=s3cret;=oops" }, "ConnectionStrings:Ledger is not a valid" },
        { new LedgerOptions { Retention = TimeSpan.FromHours(2) }, "Ledger:Retention" },
        { new LedgerOptions { QueueCapacity = 5 }, "Ledger:QueueCapacity" },
        { new LedgerOptions { BatchSize = 0 }, "Ledger:BatchSize" },
        { new LedgerOptions { PendingRenewalThreshold = TimeSpan.FromSeconds(1) }, "Ledger:PendingRenewalThreshold" },
        { new LedgerOptions { RenewalWarningFraction = 1.2 }, "Ledger:RenewalWarningFraction" },
        { new LedgerOptions { RenewalOverdueFraction = 0.5 }, "Ledger:RenewalOverdueFraction" },
        { new LedgerOptions { ExpiringSoonWindow = TimeSpan.FromDays(-1) }, "Ledger:ExpiringSoonWindow" },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public void Invalid_values_fail_with_a_message_naming_the_key(LedgerOptions options, string expected)
    {
        var result = Validator.Validate(null, options);

        Assert.False(result.Succeeded);
        Assert.Contains(result.Failures!, f => f.Contains(expected, StringComparison.Ordinal));
        Assert.DoesNotContain(result.Failures!, f => f.Contains("s3cret", StringComparison.Ordinal));
    }
}
