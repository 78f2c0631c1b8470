using BootstrapPortal.Core.Access;
using BootstrapPortal.Core.Audit;

namespace BootstrapPortal.Core.Tests.Persistence;

public sealed class SqliteAuditStoreTests(SqliteDatabaseFixture database) : AuditStoreTests(database), IClassFixture<SqliteDatabaseFixture>;

public sealed class PostgresAuditStoreTests(PostgresDatabaseFixture database) : AuditStoreTests(database), IClassFixture<PostgresDatabaseFixture>;

/// <summary>The audit trail's table on each provider: round trip, filters, paging, limits, concurrent appends.</summary>
public abstract class AuditStoreTests(PortalDatabaseFixture database)
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private AuditStore Store { get; } = new(database.Contexts);

    [Fact]
    public async Task Append_then_query_returns_every_field_as_recorded()
    {
        var actor = Unique("alice@example.com");
        var recorded = new AuditEvent(T0.AddMilliseconds(123), new PortalActor(actor, PortalActorKind.Person, ["ops"], [PortalRole.Approver]),
            AuditAction.CsrApprove, "CertificateSigningRequest", null, "csr-abc12", AuditOutcome.Succeeded, "node replaced", "detail text", "uid-1");

        var id = await Store.AppendAsync(recorded, CancellationToken.None);
        var page = await Store.QueryAsync(new AuditQuery(Actor: actor), CancellationToken.None);

        var row = Assert.Single(page.Items);
        Assert.Equal(id, row.Id);
        Assert.Equal(1, page.TotalCount);
        Assert.Equal(DateTimeKind.Utc, row.Time.Kind);
        var back = row.ToEvent();
        Assert.Equal(recorded.Time, back.Time);
        Assert.Equal(actor, back.Actor.Name);
        Assert.Equal(PortalActorKind.Person, back.Actor.Kind);
        Assert.Equal(recorded with { Actor = back.Actor }, back);
    }

    [Fact]
    public async Task Queries_filter_by_actor_action_and_time_and_page_newest_first()
    {
        var actor = Unique("bob");
        var other = Unique("carol");
        for (var i = 0; i < 7; i++)
        {
            await Store.AppendAsync(Event(actor, i % 2 == 0 ? AuditAction.TokenCreate : AuditAction.TokenDelete, T0.AddMinutes(i)), CancellationToken.None);
        }

        await Store.AppendAsync(Event(other, AuditAction.TokenCreate, T0.AddMinutes(3)), CancellationToken.None);

        var creates = await Store.QueryAsync(new AuditQuery(Actor: actor, Action: AuditAction.TokenCreate), CancellationToken.None);
        Assert.Equal(4, creates.TotalCount);
        Assert.All(creates.Items, r => Assert.Equal(AuditAction.TokenCreate, r.Action));

        var since = await Store.QueryAsync(new AuditQuery(Actor: actor, Since: T0.AddMinutes(5)), CancellationToken.None);
        Assert.Equal([T0.AddMinutes(6).UtcDateTime, T0.AddMinutes(5).UtcDateTime], since.Items.Select(r => r.Time));

        var window = await Store.QueryAsync(new AuditQuery(Actor: actor, Since: T0.AddMinutes(1), Until: T0.AddMinutes(3)), CancellationToken.None);
        Assert.Equal(2, window.TotalCount);

        var first = await Store.QueryAsync(new AuditQuery(Actor: actor, Take: 3), CancellationToken.None);
        var second = await Store.QueryAsync(new AuditQuery(Actor: actor, Skip: 3, Take: 3), CancellationToken.None);
        var third = await Store.QueryAsync(new AuditQuery(Actor: actor, Skip: 6, Take: 3), CancellationToken.None);
        Assert.Equal(7, first.TotalCount);
        var times = first.Items.Concat(second.Items).Concat(third.Items).Select(r => r.Time).ToArray();
        Assert.Equal(7, times.Length);
        Assert.Equal(times.OrderDescending(), times);
        Assert.Equal(7, times.Distinct().Count());
    }

    [Fact]
    public async Task Over_long_text_is_cut_to_the_column_limits()
    {
        var actor = Unique("dave");
        await Store.AppendAsync(
            Event(actor, AuditAction.CsrDeny, T0) with { Reason = new string('r', 5000), Detail = new string('d', 9000), TargetName = new string('n', 400) },
            CancellationToken.None);

        var row = Assert.Single((await Store.QueryAsync(new AuditQuery(Actor: actor), CancellationToken.None)).Items);
        Assert.Equal(AuditRecord.ReasonMaxLength, row.Reason!.Length);
        Assert.EndsWith("…", row.Reason, StringComparison.Ordinal);
        Assert.Equal(AuditRecord.DetailMaxLength, row.Detail!.Length);
        Assert.Equal(AuditRecord.TargetNameMaxLength, row.TargetName.Length);
    }

    [Fact]
    public async Task Concurrent_appends_are_all_stored()
    {
        var actor = Unique("script");
        await Task.WhenAll(Enumerable.Range(0, 24).Select(i => Store.AppendAsync(Event(actor, AuditAction.KubeconfigIssue, T0.AddSeconds(i)), CancellationToken.None)));

        var page = await Store.QueryAsync(new AuditQuery(Actor: actor, Take: 100), CancellationToken.None);
        Assert.Equal(24, page.TotalCount);
        Assert.Equal(24, page.Items.Select(r => r.Id).Distinct().Count());
    }

    private static AuditEvent Event(string actor, string action, DateTimeOffset time) =>
        new(time, new PortalActor(actor, PortalActorKind.Script, [], [PortalRole.Admin]), action, "Secret", "kube-system", "bootstrap-token-abcdef",
            AuditOutcome.Succeeded, "because");

    [Fact]
    public async Task Queries_filter_by_outcome_and_facets_list_actors_and_actions()
    {
        var actor = Unique("erin");
        var person = new PortalActor(actor, PortalActorKind.Script, [], []);
        await Store.AppendAsync(new AuditEvent(T0, person, AuditAction.TokenCreate, "Secret", "kube-system", "bootstrap-token-aaaaaa", AuditOutcome.Succeeded, null), CancellationToken.None);
        await Store.AppendAsync(new AuditEvent(T0.AddSeconds(1), person, AuditAction.TokenCreate, "Secret", "kube-system", "bootstrap-token-bbbbbb", AuditOutcome.Refused, null, "403"), CancellationToken.None);

        var refused = await Store.QueryAsync(new AuditQuery(Actor: actor, Outcome: AuditOutcome.Refused), CancellationToken.None);
        Assert.Equal("bootstrap-token-bbbbbb", Assert.Single(refused.Items).TargetName);
        var facets = await Store.FacetsAsync(10_000, CancellationToken.None);
        Assert.Contains(actor, facets.Actors);
        Assert.Contains(AuditAction.TokenCreate, facets.Actions);
        Assert.Equal(facets.Actions.Order(StringComparer.Ordinal), facets.Actions);
    }

    private static string Unique(string name) => $"{name}-{Guid.NewGuid():N}";
}
