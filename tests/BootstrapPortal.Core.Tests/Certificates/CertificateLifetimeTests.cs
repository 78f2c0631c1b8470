using BootstrapPortal.Core.Certificates;

namespace BootstrapPortal.Core.Tests.Certificates;

public sealed class CertificateLifetimeTests
{
    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    private static readonly DecodedCertificate Node = CertificateDecoder.Decode(Vectors.Bytes("node.crt")).Value!.Leaf;

    [Fact]
    public void Remaining_IsTimeUntilNotAfter()
    {
        var clock = new FixedClock(new DateTimeOffset(2027, 3, 1, 12, 0, 30, TimeSpan.Zero));

        Assert.Equal(TimeSpan.FromDays(1), CertificateLifetime.Remaining(Node, clock));
        Assert.Equal(CertificateValidityState.Valid, CertificateLifetime.State(Node, clock));
    }

    [Fact]
    public void ElapsedFraction_FollowsTheValidityWindow()
    {
        var lifetime = Node.NotAfter - Node.NotBefore;

        Assert.Equal(0, CertificateLifetime.ElapsedFraction(Node, new FixedClock(Node.NotBefore.AddDays(-1))));
        Assert.Equal(0.7, CertificateLifetime.ElapsedFraction(Node, new FixedClock(Node.NotBefore + (lifetime * 0.7))), 6);
        Assert.Equal(1, CertificateLifetime.ElapsedFraction(Node, new FixedClock(Node.NotAfter.AddDays(3))));
    }

    [Fact]
    public void State_BeforeAndAfterTheWindow()
    {
        Assert.Equal(CertificateValidityState.NotYetValid, CertificateLifetime.State(Node, new FixedClock(Node.NotBefore.AddSeconds(-1))));
        Assert.Equal(CertificateValidityState.Expired, CertificateLifetime.State(Node, new FixedClock(Node.NotAfter.AddSeconds(1))));
        Assert.True(CertificateLifetime.Remaining(Node, new FixedClock(Node.NotAfter.AddHours(1))) < TimeSpan.Zero);
        Assert.True(Node.IsValidAt(Node.NotBefore));
        Assert.False(Node.IsValidAt(Node.NotAfter.AddTicks(1)));
    }
}
