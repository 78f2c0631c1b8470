using System.Diagnostics;
using System.Net.Http.Json;
using BootstrapPortal.Benchmarks.Fleet;
using k8s;

namespace BootstrapPortal.FleetHarness;

/// <summary>One end-to-end run: start the portal with a fleet, measure, stop it. Figures are added as they are taken.</summary>
public sealed class FleetRun(HarnessOptions options, Action<string> say)
{
    private const string RequestsMetric = "bootstrapportal_kubernetes_requests_total";

    public List<Measurement> Measurements { get; } = [];

    public List<string> Notes { get; } = [];

    public string FleetSource { get; private set; } = "unknown";

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var fleet = options.Fleet;
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 256, PooledConnectionLifetime = TimeSpan.FromMinutes(10) })
        {
            Timeout = TimeSpan.FromMinutes(5),
        };

        // Sandbox:Fleet:* preloads the fleet inside the sandbox where it exists; a sandbox without it ignores the keys and the
        // harness creates what is missing through the official client.
        var settings = new Dictionary<string, string>
        {
            ["Sandbox:Fleet:Nodes"] = Str(fleet.Nodes),
            ["Sandbox:Fleet:PendingCsrs"] = Str(fleet.PendingCsrs),
            ["Sandbox:Fleet:IssuedCsrs"] = Str(fleet.IssuedCsrs),
            ["Sandbox:Fleet:Tokens"] = Str(fleet.Tokens),
            ["Sandbox:Fleet:Bindings"] = Str(fleet.Bindings),
        };
        var data = Directory.CreateTempSubdirectory("bp-fleet-").FullName;
        await using var sandbox = options.EmbeddedSandbox ? null : SandboxProcess.Start(options.SandboxHost, data, settings);
        string? external = null;
        if (sandbox is not null)
        {
            say($"starting the sandbox from {options.SandboxHost}; logs in {sandbox.LogPath}");
            var sandboxStarted = Stopwatch.StartNew();
            external = await sandbox.WaitReadyAsync(TimeSpan.FromMinutes(15), cancellationToken);
            Add("sandbox-start", "Sandbox process start to ready (fleet preload)", sandboxStarted.Elapsed.TotalSeconds, "s");
            Notes.Add("The sandbox ran as a process of its own and the portal used it as an external cluster (Kubernetes:Mode=Kubeconfig): the portal's CPU and RSS figures are the portal's alone.");
        }
        else
        {
            Notes.Add("The sandbox ran inside the portal (--embedded-sandbox): the portal's CPU and RSS figures include the sandbox's API server, controllers, simulated kubelets and fleet.");
        }

        say($"starting the portal from {options.Portal}");
        await using var portal = PortalProcess.Start(options.Portal, options.EmbeddedSandbox ? settings : [], external, data);
        var ready = await portal.WaitReadyAsync(http, TimeSpan.FromMinutes(15), cancellationToken);
        Add("sync", options.EmbeddedSandbox ? "Start to /readyz (sandbox start, fleet preload, cache sync)" : "Portal start to /readyz (cache sync of the fleet)", ready.TotalSeconds, "s");
        say($"ready after {ready.TotalSeconds:F1} s; logs in {portal.LogPath}");

        using var kube = new Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(portal.KubeconfigPath));
        var writer = new FleetWriter(kube);
        var before = await writer.CountAsync(cancellationToken);
        var missing = before.Missing(fleet);
        var preloaded = before.Csrs > 100 || before.Nodes > 100;
        if (missing.Nodes + missing.Csrs + missing.Tokens + missing.Bindings > 0)
        {
            FleetSource = preloaded ? "sandbox preload + official-client top-up" : "official client (the sandbox has no fleet preload)";
            say($"cluster holds {before}; creating {missing} through the official client");
            var create = Stopwatch.StartNew();
            await writer.CreateAsync(missing, say, cancellationToken);
            Add("create", "Fleet objects created through the official client", create.Elapsed.TotalSeconds, "s", note: $"{missing.Nodes} nodes, {missing.Csrs} CSRs, {missing.Tokens} tokens, {missing.Bindings} bindings");
            var caught = Stopwatch.StartNew();
            var expected = await writer.CountAsync(cancellationToken);
            await WaitForCacheAsync(http, portal.BaseAddress, expected, cancellationToken);
            Add("catchup", "Cache caught up after the last object was created", caught.Elapsed.TotalSeconds, "s");
        }
        else
        {
            FleetSource = "sandbox preload (Sandbox:Fleet)";
        }

        var counts = await writer.CountAsync(cancellationToken);
        Notes.Add($"Fleet in the cluster: {counts.Nodes} nodes, {counts.Csrs} CSRs ({counts.PendingCsrs} pending), {counts.Tokens} bootstrap tokens, {counts.Bindings} bindings; source: {FleetSource}.");

        // The first list decodes every CSR once; later calls reuse the views.
        var first = Stopwatch.StartNew();
        var all = await CsrListing.ReadAllAsync(http, portal.BaseAddress, "limit=500", cancellationToken);
        Add("first-list", "First full CSR list after sync (decodes every CSR)", first.Elapsed.TotalSeconds, "s", note: $"{all.Count} CSRs");
        await Task.Delay(TimeSpan.FromSeconds(5), cancellationToken);
        Add("rss-idle", "Portal RSS with the fleet, no browser", ProcStats.RssMiB(portal.Pid), "MiB");
        var idleWindow = TimeSpan.FromSeconds(Math.Min(10, options.IdleSeconds));
        var sandboxIdle = sandbox is null ? null : ProcStats.CpuPercentAsync(sandbox.Pid, idleWindow, cancellationToken);
        Add("cpu-idle-nobrowser", "Portal CPU idle, no browser", await ProcStats.CpuPercentAsync(portal.Pid, idleWindow, cancellationToken), "% of a core");
        if (sandboxIdle is not null)
        {
            Add("sandbox-cpu-idle", "Sandbox process CPU over the same window (not the portal's)", await sandboxIdle, "% of a core");
        }

        say($"API: {options.ApiClients} clients × {options.RequestsPerClient} requests");
        var names = all.Select(c => c.Name).ToArray();
        var single = await ApiLoad.SingleClientMedianAsync(http, portal.BaseAddress, ApiLoad.ListPath, 5, cancellationToken);
        Add("api-list-1", "GET /api/v1/csrs p50, 1 client", single, "ms");
        var requestsBeforeApi = await RequestCountsAsync(http, portal.BaseAddress, cancellationToken);
        var load = await ApiLoad.RunAsync(http, portal.BaseAddress, names, options.ApiClients, options.RequestsPerClient, cancellationToken);
        var pageNote = $"{load.ListItems} items, {load.ListBytes / 1024.0 / 1024.0:F1} MiB per answer";
        Add("api-list-p50", $"GET /api/v1/csrs p50, {options.ApiClients} clients", Percentiles.Of(load.ListMs, 50), "ms", TargetKind.AtMost, 50, pageNote);
        Add("api-list-p99", $"GET /api/v1/csrs p99, {options.ApiClients} clients", Percentiles.Of(load.ListMs, 99), "ms", TargetKind.AtMost, 200, pageNote);
        Add("api-detail-p50", $"GET /api/v1/csrs/{{name}} p50, {options.ApiClients} clients", Percentiles.Of(load.DetailMs, 50), "ms", TargetKind.AtMost, 50);
        Add("api-detail-p99", $"GET /api/v1/csrs/{{name}} p99, {options.ApiClients} clients", Percentiles.Of(load.DetailMs, 99), "ms", TargetKind.AtMost, 200);
        if (load.Errors > 0)
        {
            Notes.Add($"{load.Errors} API requests failed under load.");
        }

        var requestsAfterApi = await RequestCountsAsync(http, portal.BaseAddress, cancellationToken);
        Add("apiserver-lists-api", "API-server list requests during the API load", Delta(requestsBeforeApi, requestsAfterApi, "list"), "", TargetKind.AtMost, 0);

        if (options.Browsers > 0)
        {
            await MeasureBrowsersAsync(http, portal, names, cancellationToken);
        }

        if (!options.SkipPipeline)
        {
            say("kubectl + openssl pipeline");
            var pipeline = await OperatorPipeline.RunAsync(portal.KubeconfigPath, cancellationToken);
            var portalAnswer = await ApiLoad.SingleClientMedianAsync(http, portal.BaseAddress, "api/v1/csrs", 3, cancellationToken);
            var listed = await CsrListing.ReadAllAsync(http, portal.BaseAddress, "limit=500", cancellationToken);
            var portalNames = listed.GroupBy(c => c.Name, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().CommonName, StringComparer.Ordinal);
            var both = portalNames.Keys.Where(pipeline.CommonNames.ContainsKey).ToArray();
            var disagree = both.Count(n => pipeline.CommonNames[n] != portalNames[n]);
            var oneSide = portalNames.Count + pipeline.CommonNames.Count - (2 * both.Length);
            Add("pipeline", "kubectl get csr -o json + one openssl req -verify per CSR", pipeline.Elapsed.TotalSeconds, "s",
                note: $"kubectl {pipeline.KubectlElapsed.TotalSeconds:F1} s; {pipeline.Verified} verified, {pipeline.Failed} failed");
            Add("pipeline-portal", "Portal: every CSR decoded, verified and judged (GET /api/v1/csrs, 1 client, p50)", portalAnswer, "ms");
            Add("pipeline-ratio", "Portal faster than the pipeline by", pipeline.Elapsed.TotalMilliseconds / portalAnswer, "×", TargetKind.AtLeast, 100);
            Add("pipeline-mismatch", "CSRs listed by both where the portal and openssl disagree on the subject CN", disagree, "", TargetKind.AtMost, 0,
                $"{both.Length} listed by both; {oneSide} by one side only, created or removed while the pipeline ran");
        }

        if (options.BulkApprovals > 0)
        {
            await MeasureBulkAsync(http, portal.BaseAddress, cancellationToken);
        }

        Add("rss-end", "Portal RSS at the end", ProcStats.RssMiB(portal.Pid), "MiB");
        if (sandbox is not null)
        {
            Add("sandbox-rss-end", "Sandbox process RSS at the end (not the portal's)", ProcStats.RssMiB(sandbox.Pid), "MiB");
        }
    }

    private async Task MeasureBrowsersAsync(HttpClient http, PortalProcess portal, string[] names, CancellationToken cancellationToken)
    {
        var baseline = ProcStats.RssMiB(portal.Pid);
        say($"browsers: {options.Browsers} headless Chromium sessions");
        await using var sessions = await BrowserSessions.LaunchAsync(options.Chromium);
        var requestsBefore = await RequestCountsAsync(http, portal.BaseAddress, cancellationToken);
        var opened = await sessions.OpenAsync(portal.BaseAddress, options.Browsers);
        var interactive = opened.Where(s => s.InteractiveMs is not null).Select(s => s.InteractiveMs!.Value).ToArray();
        var failures = opened.Count(s => s.InteractiveMs is null);
        var domNote = $"{opened.Max(s => s.DomNodes)} DOM nodes" + (failures > 0 ? $"; {failures} of {opened.Count} never became interactive: {opened.First(s => s.Error is not null).Error}" : string.Empty);
        Add("page-interactive-p50", $"CSR page: time to interactive with rows, median of {options.Browsers} sessions", failures > 0 ? null : Percentiles.Of(interactive, 50), "ms", TargetKind.AtMost, 1500, domNote);
        Add("page-interactive-max", "CSR page: time to interactive, slowest session", failures > 0 ? null : interactive.Max(), "ms", TargetKind.AtMost, 1500);

        var term = names.Length > 0 ? names[names.Length / 2] : "csr";
        var searches = await sessions.SearchAsync(term);
        var done = searches.Where(s => s is not null).Select(s => s!.Value).ToArray();
        var searchNote = $"term \"{term}\"" + (done.Length < searches.Count ? $"; {searches.Count - done.Length} of {searches.Count} never showed the filtered rows" : string.Empty);
        Add("search-p50", "Search keystroke → filtered rows, median", done.Length == searches.Count ? Percentiles.Of(done, 50) : null, "ms", TargetKind.AtMost, 200, searchNote);
        Add("search-max", "Search keystroke → filtered rows, slowest", done.Length == searches.Count && done.Length > 0 ? done.Max() : null, "ms", TargetKind.AtMost, 200);
        var requestsAfter = await RequestCountsAsync(http, portal.BaseAddress, cancellationToken);
        var views = Math.Max(1, options.Browsers);
        Add("apiserver-lists-page", "API-server list requests per page view (open + search)", Delta(requestsBefore, requestsAfter, "list") is { } l ? l / views : null, "", TargetKind.AtMost, 0);
        Add("apiserver-all-page", "API-server requests of any verb per page view", Delta(requestsBefore, requestsAfter, null) is { } a ? a / views : null, "");

        await Task.Delay(TimeSpan.FromSeconds(5), cancellationToken);
        Add("cpu-idle-sessions", $"Portal CPU idle with {options.Browsers} sessions open", await ProcStats.CpuPercentAsync(portal.Pid, TimeSpan.FromSeconds(options.IdleSeconds), cancellationToken), "% of a core", TargetKind.AtMost, 5);
        Add("rss-sessions", $"Portal RSS with the fleet and {options.Browsers} sessions", ProcStats.RssMiB(portal.Pid), "MiB", TargetKind.AtMost, 600);
        await sessions.CloseAsync();
        say($"sessions closed; waiting {options.AfterCloseSeconds} s");
        await Task.Delay(TimeSpan.FromSeconds(options.AfterCloseSeconds), cancellationToken);
        var after = ProcStats.RssMiB(portal.Pid);
        Add("rss-after", $"Portal RSS {options.AfterCloseSeconds} s after the sessions closed", after, "MiB",
            baseline is null ? TargetKind.None : TargetKind.AtMost, baseline is null ? 0 : Math.Round(baseline.Value * 1.25), baseline is null ? null : $"baseline before the sessions {baseline.Value:F0} MiB; target 1.25× of it");
    }

    private async Task MeasureBulkAsync(HttpClient http, Uri baseAddress, CancellationToken cancellationToken)
    {
        var pending = await CsrListing.ReadAllAsync(http, baseAddress, "state=Pending&limit=500", cancellationToken);
        var chosen = pending.Where(c => c.Verdict != "Fail").Take(options.BulkApprovals).Select(c => c.Name).ToArray();
        var calls = (chosen.Length + options.BulkBatch - 1) / options.BulkBatch;
        say($"bulk approval of {chosen.Length} CSRs through POST /api/v1/csrs/approve ({calls} calls of at most {options.BulkBatch}, {options.BulkConcurrency} at once)");
        var watch = Stopwatch.StartNew();
        var totals = await BulkApprovalCalls.ApproveAsync(http, baseAddress, chosen, options.BulkBatch, options.BulkConcurrency, "fleet benchmark: bulk approval", cancellationToken);
        var elapsed = watch.Elapsed.TotalSeconds;
        var note = $"{totals.Approved} approved, {totals.Skipped} skipped, {totals.Failed} failed in {totals.Calls} calls"
            + (totals.FailedCalls > 0 ? $" ({totals.FailedCalls} calls without an answer)" : string.Empty)
            + $", of {pending.Count} pending ({pending.Count(c => c.Verdict == "Fail")} failing their verdict were left)";
        var scaled = chosen.Length == 0 ? (double?)null : elapsed * options.BulkApprovals / chosen.Length;
        Add("bulk", $"Bulk approval of {options.BulkApprovals} CSRs through the bulk API", chosen.Length >= options.BulkApprovals ? elapsed : scaled, "s", TargetKind.AtMost, 10,
            chosen.Length >= options.BulkApprovals ? note : note + $"; only {chosen.Length} could be approved, figure scaled to {options.BulkApprovals}");
        Add("bulk-approved", "Bulk approval: approved", totals.Approved, "");
        Add("bulk-skipped", "Bulk approval: skipped (verdict or already decided)", totals.Skipped, "");
        Add("bulk-failed", "Bulk approval: failed", totals.Failed, "", TargetKind.AtMost, 0);
    }

    private static async Task WaitForCacheAsync(HttpClient http, Uri baseAddress, FleetCounts expected, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(10);
        while (DateTime.UtcNow < deadline)
        {
            var text = await http.GetStringAsync(new Uri(baseAddress, "metrics"), cancellationToken);
            if (PrometheusText.Sum(text, "bootstrapportal_cache_objects", "kind=\"certificatesigningrequests\"") >= expected.Csrs
                && PrometheusText.Sum(text, "bootstrapportal_cache_objects", "kind=\"nodes\"") >= expected.Nodes)
            {
                return;
            }

            await Task.Delay(250, cancellationToken);
        }

        throw new TimeoutException("the portal's cache did not catch up with the cluster in 10 minutes");
    }

    private static async Task<string?> RequestCountsAsync(HttpClient http, Uri baseAddress, CancellationToken cancellationToken)
    {
        var text = await http.GetStringAsync(new Uri(baseAddress, "metrics"), cancellationToken);
        return text.Contains(RequestsMetric, StringComparison.Ordinal) ? text : null;
    }

    private static double? Delta(string? before, string? after, string? verb) =>
        before is null || after is null ? null
        : verb is null ? PrometheusText.Sum(after, RequestsMetric) - PrometheusText.Sum(before, RequestsMetric)
        : PrometheusText.Sum(after, RequestsMetric, $"verb=\"{verb}\"") - PrometheusText.Sum(before, RequestsMetric, $"verb=\"{verb}\"");

    private void Add(string key, string what, double? value, string unit, TargetKind target = TargetKind.None, double limit = 0, string? note = null)
    {
        var m = new Measurement(key, what, value is { } v ? Math.Round(v, 3) : null, unit, target, limit, note);
        Measurements.Add(m);
        say($"{what}: {(m.Value is { } x ? ResultTable.Number(x) + " " + unit : "not measured")}");
    }

    private static string Str(int value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
