using System.Globalization;
using BootstrapPortal.Core.Cluster;
using BootstrapPortal.Core.Csrs;
using BootstrapPortal.Core.Flow;
using BootstrapPortal.Core.Ledger;
using BootstrapPortal.Core.Preflight;
using BootstrapPortal.Core.Rbac;
using BootstrapPortal.Core.Text;
using BootstrapPortal.Core.Tokens;

namespace BootstrapPortal.Core.Overview;

/// <summary>Builds the <see cref="OverviewSnapshot"/> from the shared read models (pure).</summary>
public static class OverviewBuilder
{
    /// <summary>The inputs: each a shared snapshot of its own read model.</summary>
    public sealed record Inputs(
        CsrCatalogSnapshot Csrs,
        IReadOnlyList<BootstrapTokenInfo> Tokens,
        NodeBoard Board,
        BootstrapFlowSnapshot Flow,
        IReadOnlyList<BootstrapChecklistRow> Checklist,
        PreflightReport? Preflight,
        ConnectionSummary Connection,
        int Nodes,
        int ReadyNodes,
        bool Loaded,
        TimeSpan ExpiringSoonWindow);

    public static OverviewSnapshot Build(Inputs inputs, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var attention = new List<AttentionItem>();

        var pending = inputs.Csrs.Entries.Where(e => e.View.IsPending).ToArray();
        var oldest = pending.Where(e => e.View.CreatedAt is not null).MinBy(e => e.View.CreatedAt);
        attention.Add(new AttentionItem("pending-csrs", AttentionSeverity.Warning, pending.Length,
            OverviewText.Count(pending.Length, OverviewText.OneCsrPending, OverviewText.CsrsPending),
            oldest?.View.CreatedAt is { } created ? OverviewText.OldestPending.With(oldest.Name, TextDuration.Compact(now - created)) : OverviewText.NothingWaits.Text,
            "/csrs?state=Pending&sort=created&order=asc"));

        var failing = pending.Count(e => e.Verdict.Result == CsrVerdictResult.Fail);
        attention.Add(new AttentionItem("failing-csrs", AttentionSeverity.Error, failing,
            OverviewText.Count(failing, OverviewText.OneCsrFails, OverviewText.CsrsFail),
            OverviewText.FailingAdvice.Text,
            "/csrs?state=Pending&verdict=Fail"));

        var expiring = inputs.Board.ExpiringWithin(inputs.ExpiringSoonWindow).Count;
        attention.Add(new AttentionItem("expiring-nodes", AttentionSeverity.Warning, expiring,
            OverviewText.Count(expiring, OverviewText.OneNodeExpiring, OverviewText.NodesExpiring),
            OverviewText.ExpiringWithin.With(TextDuration.Compact(inputs.ExpiringSoonWindow)),
            "/nodes?expiring=" + Math.Max(1, (int)Math.Ceiling(inputs.ExpiringSoonWindow.TotalDays)).ToString(CultureInfo.InvariantCulture)));

        var stuck = inputs.Board.Rows.Count(r => r.Rotation.Status == RotationStatus.Unhealthy);
        attention.Add(new AttentionItem("unhealthy-nodes", AttentionSeverity.Error, stuck,
            OverviewText.Count(stuck, OverviewText.OneNodeUnhealthy, OverviewText.NodesUnhealthy),
            OverviewText.UnhealthyAdvice.Text,
            "/nodes?unhealthy=true"));

        attention.Add(new AttentionItem("blocked-flows", AttentionSeverity.Error, inputs.Flow.Blocked,
            OverviewText.Count(inputs.Flow.Blocked, OverviewText.OneNodeBlocked, OverviewText.NodesBlocked),
            OverviewText.BlockedAdvice.Text,
            "/flow?blocked=true"));

        var expiringTokens = inputs.Tokens.Count(t => t.Status == TokenStatus.ExpiringSoon);
        attention.Add(new AttentionItem("expiring-tokens", AttentionSeverity.Info, expiringTokens,
            OverviewText.Count(expiringTokens, OverviewText.OneTokenExpiring, OverviewText.TokensExpiring),
            OverviewText.ExpiringTokensAdvice.Text,
            "/tokens?status=ExpiringSoon"));

        var never = inputs.Tokens.Count(t => t.Status == TokenStatus.NeverExpires);
        attention.Add(new AttentionItem("never-expiring-tokens", AttentionSeverity.Warning, never,
            OverviewText.Count(never, OverviewText.OneTokenNeverExpires, OverviewText.TokensNeverExpire),
            OverviewText.NeverExpiringAdvice.Text,
            "/tokens?status=NeverExpires"));

        var invalid = inputs.Tokens.Count(t => t.Status == TokenStatus.Invalid);
        attention.Add(new AttentionItem("invalid-tokens", AttentionSeverity.Warning, invalid,
            OverviewText.Count(invalid, OverviewText.OneTokenMalformed, OverviewText.TokensMalformed),
            OverviewText.MalformedAdvice.Text,
            "/tokens?status=Invalid"));

        var missing = inputs.Checklist.Count(r => r.Status == ChecklistStatus.Missing);
        attention.Add(new AttentionItem("checklist", AttentionSeverity.Error, missing,
            OverviewText.Count(missing, OverviewText.OnePermissionMissing, OverviewText.PermissionsMissing),
            OverviewText.ChecklistAdvice.Text,
            "/rbac"));

        var preflightFails = inputs.Preflight?.Checks.Count(c => c.Status == PreflightStatus.Fail) ?? 0;
        attention.Add(new AttentionItem("preflight", AttentionSeverity.Error, preflightFails,
            OverviewText.Count(preflightFails, OverviewText.OnePreflightFails, OverviewText.PreflightsFail),
            inputs.Preflight is null ? OverviewText.PreflightNotRun.Text : OverviewText.PreflightAdvice.Text,
            "/rbac#preflight"));

        return new OverviewSnapshot(now, inputs.Loaded, inputs.Connection, inputs.Nodes, inputs.ReadyNodes, attention,
            ExpiryHistogram(inputs.Board, now, out var expired), expired, CsrsPerHour(inputs.Csrs, now), inputs.Preflight?.Worst, inputs.Preflight?.RanAt);
    }

    /// <summary>Per day from today (UTC) for <see cref="OverviewSnapshot.ExpiryDays"/> days: the current certificates that expire that day.</summary>
    public static IReadOnlyList<ExpiryBucket> ExpiryHistogram(NodeBoard board, DateTimeOffset now, out int expired)
    {
        ArgumentNullException.ThrowIfNull(board);
        var client = new int[OverviewSnapshot.ExpiryDays];
        var serving = new int[OverviewSnapshot.ExpiryDays];
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        expired = 0;
        foreach (var row in board.Rows)
        {
            foreach (var (cert, counts) in new[] { (row.Client, client), (row.Serving, serving) })
            {
                if (cert is null)
                {
                    continue;
                }

                if (cert.NotAfter <= now)
                {
                    expired++;
                    continue;
                }

                var day = DateOnly.FromDateTime(cert.NotAfter.UtcDateTime).DayNumber - today.DayNumber;
                if (day < OverviewSnapshot.ExpiryDays)
                {
                    counts[day]++;
                }
            }
        }

        return [.. Enumerable.Range(0, OverviewSnapshot.ExpiryDays).Select(d => new ExpiryBucket(d, today.AddDays(d), client[d], serving[d]))];
    }

    /// <summary>The last <see cref="OverviewSnapshot.CsrHours"/> whole hours up to now (UTC), oldest first: CSRs created in each by their state now.</summary>
    public static IReadOnlyList<CsrHourBucket> CsrsPerHour(CsrCatalogSnapshot csrs, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(csrs);
        var utc = now.ToUniversalTime();
        var currentHour = new DateTimeOffset(utc.Year, utc.Month, utc.Day, utc.Hour, 0, 0, TimeSpan.Zero);
        var first = currentHour.AddHours(-(OverviewSnapshot.CsrHours - 1));
        var counts = new Dictionary<CsrState, int>[OverviewSnapshot.CsrHours];
        for (var i = 0; i < counts.Length; i++)
        {
            counts[i] = Enum.GetValues<CsrState>().ToDictionary(s => s, _ => 0);
        }

        foreach (var entry in csrs.Entries)
        {
            if (entry.View.CreatedAt is not { } created || created < first || created > utc)
            {
                continue;
            }

            var index = (int)((created - first).Ticks / TimeSpan.TicksPerHour);
            if (index is >= 0 and < OverviewSnapshot.CsrHours)
            {
                counts[index][entry.View.State]++;
            }
        }

        return [.. counts.Select((c, i) => new CsrHourBucket(first.AddHours(i), c))];
    }
}
