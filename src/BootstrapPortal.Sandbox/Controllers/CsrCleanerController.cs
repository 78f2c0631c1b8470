using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace BootstrapPortal.Sandbox.Controllers;

/// <summary>
/// kube-controller-manager's <c>csrcleaner</c> (k/k pkg/controller/certificates/cleaner/cleaner.go): periodically (1 h, scaled by the clock speed) deletes CSRs
/// that are approved+issued with an Approved condition older than 1 h, denied or failed for more than 1 h, pending (no
/// conditions) for more than 24 h, or approved+issued with an expired certificate. Ages are scaled by the clock speed.
/// </summary>
public sealed class CsrCleanerController : ISandboxController
{
    public static readonly TimeSpan PollInterval = TimeSpan.FromHours(1);
    public static readonly TimeSpan ApprovedExpiration = TimeSpan.FromHours(1);
    public static readonly TimeSpan DeniedExpiration = TimeSpan.FromHours(1);
    public static readonly TimeSpan FailedExpiration = TimeSpan.FromHours(1);
    public static readonly TimeSpan PendingExpiration = TimeSpan.FromHours(24);

    private readonly IKubernetes _client;
    private readonly SandboxTimeScale _clock;
    private readonly ILogger _logger;
    private CancellationTokenSource? _stopping;
    private Task? _loop;

    public CsrCleanerController(SandboxControllerContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        _client = context.CreateClient(ControllerIdentity.CertificateController);
        _clock = context.Clock;
        _logger = context.LoggerFactory.CreateLogger<CsrCleanerController>();
    }

    /// <summary>Why a CSR should be garbage-collected now, or null to keep it.</summary>
    public static string? ShouldDelete(V1CertificateSigningRequest csr, SandboxTimeScale clock)
    {
        ArgumentNullException.ThrowIfNull(csr);
        ArgumentNullException.ThrowIfNull(clock);
        var now = clock.UtcNow;
        bool OlderThan(DateTime? time, TimeSpan age) =>
            time is { } t && now - new DateTimeOffset(DateTime.SpecifyKind(t, DateTimeKind.Utc)) > clock.Scale(age);

        var conditions = csr.Status?.Conditions ?? [];
        var issued = csr.IsIssued();
        foreach (var condition in conditions)
        {
            if (condition.Type == "Approved" && issued && OlderThan(condition.LastUpdateTime, ApprovedExpiration))
            {
                return "approved and issued more than " + ApprovedExpiration + " (sandbox time) ago";
            }

            if (condition.Type == "Denied" && OlderThan(condition.LastUpdateTime, DeniedExpiration))
            {
                return "denied more than " + DeniedExpiration + " (sandbox time) ago";
            }

            if (condition.Type == "Failed" && OlderThan(condition.LastUpdateTime, FailedExpiration))
            {
                return "failed more than " + FailedExpiration + " (sandbox time) ago";
            }
        }

        if (conditions.Count == 0 && OlderThan(csr.Metadata?.CreationTimestamp, PendingExpiration))
        {
            return "pending for more than " + PendingExpiration + " (sandbox time)";
        }

        if (issued && conditions.Any(c => c.Type == "Approved") && CertificateExpired(csr.Status!.Certificate, now))
        {
            return "its certificate has expired";
        }

        return null;
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _stopping = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        _loop = Task.Run(() => RunAsync(_stopping.Token), CancellationToken.None);
        _logger.LogInformation("Started controller {Controller}", "csrcleaner");
        return Task.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        if (_stopping is null)
        {
            return;
        }

        await _stopping.CancelAsync();
        if (_loop is not null)
        {
            await _loop;
        }

        _stopping.Dispose();
        _client.Dispose();
    }

    /// <summary>One pass over all CSRs; returns how many were deleted.</summary>
    public async Task<int> CleanOnceAsync(CancellationToken cancellationToken)
    {
        var deleted = 0;
        var list = await _client.CertificatesV1.ListCertificateSigningRequestAsync(cancellationToken: cancellationToken);
        foreach (var csr in list.Items)
        {
            var reason = ShouldDelete(csr, _clock);
            if (reason is null)
            {
                continue;
            }

            try
            {
                await _client.CertificatesV1.DeleteCertificateSigningRequestAsync(csr.Metadata.Name, cancellationToken: cancellationToken);
                deleted++;
                _logger.LogInformation("csrcleaner: deleted CSR {Name}: {Reason}", csr.Metadata.Name, reason);
            }
            catch (HttpOperationException ex) when (ex.IsStatus(HttpStatusCode.NotFound))
            {
                // Already gone.
            }
        }

        return deleted;
    }

    private static bool CertificateExpired(byte[] pem, DateTimeOffset now)
    {
        try
        {
            using var certificate = X509Certificate2.CreateFromPem(Encoding.ASCII.GetString(pem));
            return certificate.NotAfter.ToUniversalTime() < now.UtcDateTime;
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return false;
        }
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        var period = _clock.ScaleClamped(PollInterval, TimeSpan.FromSeconds(1), PollInterval);
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await CleanOnceAsync(cancellationToken);
                await Task.Delay(period, _clock.TimeProvider, cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // The cleaner logs and tries again next period.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                _logger.LogWarning("csrcleaner: pass failed: {Error}", ex.Message);
                try
                {
                    await Task.Delay(period, _clock.TimeProvider, cancellationToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }
}
