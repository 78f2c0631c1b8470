using BootstrapPortal.Web.Tests.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;

namespace BootstrapPortal.Web.Tests.Localization;

/// <summary>The portal on the sandbox with the recording localizer factory in place of the framework's.</summary>
public sealed class LocalizedPortalFixture : SandboxPortalFixture
{
    public LocalizedPortalFixture()
        : this(new RecordingLocalizerFactory())
    {
    }

    private LocalizedPortalFixture(RecordingLocalizerFactory recorder)
        : base(null, services => services.AddSingleton<IStringLocalizerFactory>(recorder))
    {
        Recorder = recorder;
    }

    internal RecordingLocalizerFactory Recorder { get; }
}
