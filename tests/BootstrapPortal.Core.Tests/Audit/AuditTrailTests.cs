using BootstrapPortal.Core.Access;
using BootstrapPortal.Core.Audit;
using BootstrapPortal.Core.Tests.Persistence;
using Microsoft.Extensions.Logging.Abstractions;

namespace BootstrapPortal.Core.Tests.Audit;

public sealed class AuditTrailTests(SqliteDatabaseFixture database) : IClassFixture<SqliteDatabaseFixture>
{
    private static readonly PortalActor Alice = new("alice", PortalActorKind.Person, ["g"], [PortalRole.Admin]);

    private static AuditEvent Event(string action, AuditOutcome outcome = AuditOutcome.Succeeded, string target = "csr-1", string kind = "CertificateSigningRequest",
        string? ns = null, string? reason = "checked", PortalActor? actor = null) =>
        new(DateTimeOffset.Parse("2025-03-01T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture), actor ?? Alice, action, kind, ns, target, outcome, reason);

    [Fact]
    public void Events_go_on_the_object_in_its_namespace_or_default_and_say_who_and_why()
    {
        var approve = AuditKubernetesEvents.Build(Event(AuditAction.CsrApprove), "uid-1", "host")!;
        Assert.Equal(("default", "CertificateSigningRequest", "certificates.k8s.io/v1", "uid-1"),
            (approve.Metadata.NamespaceProperty, approve.InvolvedObject.Kind, approve.InvolvedObject.ApiVersion, approve.InvolvedObject.Uid));
        Assert.Null(approve.InvolvedObject.NamespaceProperty);
        Assert.Equal(("CsrApprove", "Normal"), (approve.Reason, approve.Type));
        Assert.Equal("alice (Person) csr.approve: checked via BootstrapPortal", approve.Message);
        Assert.StartsWith("csr-1.", approve.Metadata.Name, StringComparison.Ordinal);

        var refused = AuditKubernetesEvents.Build(Event(AuditAction.TokenDelete, AuditOutcome.Refused, "bootstrap-token-abcdef", "Secret", "kube-system", reason: null), "uid-2", "host")!;
        Assert.Equal(("kube-system", "kube-system", "TokenDeleteRefused", "Warning"),
            (refused.Metadata.NamespaceProperty, refused.InvolvedObject.NamespaceProperty, refused.Reason, refused.Type));

        Assert.Null(AuditKubernetesEvents.Build(Event(AuditAction.PolicyChange, kind: "Policy"), "uid", "host"));
        Assert.Null(AuditKubernetesEvents.Build(Event(AuditAction.KubeconfigIssue, kind: "Node", target: "not-joined-yet"), null, "host"));
        var longName = AuditKubernetesEvents.Build(Event(AuditAction.CsrApprove, target: new string('n', 253)), "uid", "host")!;
        Assert.True(longName.Metadata.Name.Length <= 253);
        var longMessage = AuditKubernetesEvents.Build(Event(AuditAction.CsrApprove, reason: new string('r', 5000)), "uid", "host")!;
        Assert.Equal(AuditKubernetesEvents.MaxMessageLength, longMessage.Message.Length);
    }

    [Fact]
    public async Task One_failing_writer_neither_stops_the_others_nor_reaches_the_caller()
    {
        var store = new AuditStore(database.Contexts);
        var actor = new PortalActor("resilience-" + Guid.NewGuid().ToString("N"), PortalActorKind.Person, [], []);
        var trail = new CompositeAuditTrail(
            [new AuditTrailWriter<Throwing>(new Throwing()), new AuditTrailWriter<StoreAuditTrail>(new StoreAuditTrail(store, NullLogger<StoreAuditTrail>.Instance))],
            NullLogger<CompositeAuditTrail>.Instance);
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        // Recorded even when the caller's request was cancelled: the change it records may have happened.
        await trail.RecordAsync(Event(AuditAction.CsrDeny, actor: actor), cancelled.Token);
        Assert.Equal(1, (await store.QueryAsync(new AuditQuery(Actor: actor.Name), CancellationToken.None)).TotalCount);
    }

    [Fact]
    public async Task A_store_that_cannot_write_is_logged_not_thrown()
    {
        var broken = new StoreAuditTrail(new AuditStore(new BootstrapPortal.Core.Persistence.PortalDbContextFactory(
            Microsoft.Extensions.Options.Options.Create(new BootstrapPortal.Core.Persistence.LedgerOptions
            {
                Provider = BootstrapPortal.Core.Persistence.LedgerProvider.Sqlite,
                ConnectionString = "Data Source=/nonexistent-folder/for-sure/portal.db;Mode=ReadOnly",
            }))), NullLogger<StoreAuditTrail>.Instance);
        await broken.RecordAsync(Event(AuditAction.CsrDeny), CancellationToken.None);
    }

    [Theory]
    [InlineData(5, false)]
    [InlineData(1000, true)]
    public void Options_are_checked_and_messages_name_the_key(int queue, bool valid)
    {
        var result = new AuditOptionsValidator().Validate(null, new AuditOptions { EventQueueCapacity = queue });
        Assert.Equal(valid, result.Succeeded);
        if (!valid)
        {
            Assert.Contains("Audit:EventQueueCapacity", result.FailureMessage, StringComparison.Ordinal);
        }
    }

    private sealed class Throwing : IAuditTrail
    {
        public Task RecordAsync(AuditEvent auditEvent, CancellationToken cancellationToken) => throw new InvalidOperationException("writer down");
    }
}
