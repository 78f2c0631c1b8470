using BootstrapPortal.Core.Access;
using BootstrapPortal.Core.Audit;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace BootstrapPortal.Core.Tests.Audit;

public sealed class AuditTrailTests
{
    private static readonly PortalActor Alice = new("alice", PortalActorKind.Person, ["g"], [PortalRole.Admin]);

    private static AuditEvent Event(string action, AuditOutcome outcome = AuditOutcome.Succeeded, string target = "csr-1", string kind = "CertificateSigningRequest",
        string? ns = null, DateTimeOffset? at = null, string? reason = "checked", PortalActor? actor = null) =>
        new(at ?? DateTimeOffset.Parse("2025-03-01T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture), actor ?? Alice, action, kind, ns, target, outcome, reason);

    [Fact]
    public async Task The_memory_store_filters_pages_newest_first_and_keeps_the_newest()
    {
        var store = new InMemoryAuditStore(Options.Create(new AuditOptions { MemoryCapacity = 100 }));
        var start = DateTimeOffset.Parse("2025-03-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture);
        for (var i = 0; i < 150; i++)
        {
            await store.AppendAsync(Event(i % 2 == 0 ? AuditAction.CsrApprove : AuditAction.CsrDeny, at: start.AddMinutes(i), target: "csr-" + i), CancellationToken.None);
        }

        var all = await store.QueryAsync(new AuditQuery(Limit: 1000), CancellationToken.None);
        Assert.Equal(100, all.Total);
        Assert.Equal("csr-149", all.Entries[0].TargetName);
        var denies = await store.QueryAsync(new AuditQuery(Action: AuditAction.CsrDeny, Since: start.AddMinutes(140), Skip: 1, Limit: 2), CancellationToken.None);
        Assert.Equal(5, denies.Total);
        Assert.Equal(["csr-147", "csr-145"], denies.Entries.Select(e => e.TargetName));
        Assert.Empty((await store.QueryAsync(new AuditQuery(Actor: "bob"), CancellationToken.None)).Entries);
    }

    [Fact]
    public void Stored_entries_cut_long_texts_and_keep_utc()
    {
        var entry = AuditEntry.From(7, Event(AuditAction.CsrApprove, reason: new string('r', 5000)) with
        {
            Time = DateTimeOffset.Parse("2025-03-01T12:00:00+02:00", System.Globalization.CultureInfo.InvariantCulture),
            Detail = new string('d', 9000),
        });
        Assert.Equal(AuditEntry.MaxReasonLength, entry.Reason!.Length);
        Assert.Equal(AuditEntry.MaxDetailLength, entry.Detail!.Length);
        Assert.Equal(TimeSpan.Zero, entry.Time.Offset);
        Assert.Equal(10, entry.Time.Hour);
    }

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
    }

    [Fact]
    public async Task One_failing_writer_neither_stops_the_others_nor_reaches_the_caller()
    {
        var store = new InMemoryAuditStore(Options.Create(new AuditOptions()));
        var trail = new CompositeAuditTrail(
            [new AuditTrailWriter<Throwing>(new Throwing()), new AuditTrailWriter<StoreAuditTrail>(new StoreAuditTrail(store, NullLogger<StoreAuditTrail>.Instance))],
            NullLogger<CompositeAuditTrail>.Instance);
        await trail.RecordAsync(Event(AuditAction.CsrDeny), CancellationToken.None);
        Assert.Equal(1, (await store.QueryAsync(new AuditQuery(), CancellationToken.None)).Total);

        var broken = new StoreAuditTrail(new BrokenStore(), NullLogger<StoreAuditTrail>.Instance);
        await broken.RecordAsync(Event(AuditAction.CsrDeny), CancellationToken.None);
    }

    [Theory]
    [InlineData(50, 1000, false)]
    [InlineData(10_000, 5, false)]
    [InlineData(10_000, 1000, true)]
    public void Options_are_checked_and_messages_name_the_key(int capacity, int queue, bool valid)
    {
        var result = new AuditOptionsValidator().Validate(null, new AuditOptions { MemoryCapacity = capacity, EventQueueCapacity = queue });
        Assert.Equal(valid, result.Succeeded);
        if (!valid)
        {
            Assert.Contains("Audit:", result.FailureMessage, StringComparison.Ordinal);
        }
    }

    private sealed class Throwing : IAuditTrail
    {
        public Task RecordAsync(AuditEvent auditEvent, CancellationToken cancellationToken) => throw new InvalidOperationException("writer down");
    }

    private sealed class BrokenStore : IAuditStore
    {
        public Task<long> AppendAsync(AuditEvent auditEvent, CancellationToken cancellationToken) => throw new IOException("disk full");

        public Task<AuditPage> QueryAsync(AuditQuery query, CancellationToken cancellationToken) => throw new IOException("disk full");

        public Task<AuditFacets> FacetsAsync(int limit, CancellationToken cancellationToken) => throw new IOException("disk full");
    }
}
