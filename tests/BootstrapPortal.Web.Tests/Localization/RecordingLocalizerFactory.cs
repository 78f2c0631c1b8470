using System.Collections.Concurrent;
using System.Globalization;
using BootstrapPortal.Web.Localization;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace BootstrapPortal.Web.Tests.Localization;

/// <summary>
/// The real resource-backed localizer factory, wrapped so that every string asked for in Simplified Chinese and not found in
/// the resources is recorded ("LayoutText: Sign out"). A render under zh-Hans then lists exactly the translations it missed.
/// </summary>
internal sealed class RecordingLocalizerFactory : IStringLocalizerFactory
{
    private readonly ResourceManagerStringLocalizerFactory _inner = new(Options.Create(new LocalizationOptions()), NullLoggerFactory.Instance);
    private readonly ConcurrentDictionary<string, byte> _missing = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> _found = new(StringComparer.Ordinal);

    /// <summary>The strings asked for in zh-Hans that have no translation, sorted.</summary>
    public IReadOnlyList<string> Missing => [.. _missing.Keys.Order(StringComparer.Ordinal)];

    /// <summary>How many distinct translated strings were asked for in zh-Hans (a render that asked for none proves nothing).</summary>
    public int Found => _found.Count;

    public IStringLocalizer Create(Type resourceSource)
    {
        ArgumentNullException.ThrowIfNull(resourceSource);
        return new Recording(_inner.Create(resourceSource), resourceSource.Name, this);
    }

    public IStringLocalizer Create(string baseName, string location) => new Recording(_inner.Create(baseName, location), baseName, this);

    private void Record(string resource, LocalizedString value)
    {
        if (PortalCultures.Match(CultureInfo.CurrentUICulture.Name) != PortalCultures.SimplifiedChinese)
        {
            return;
        }

        (value.ResourceNotFound ? _missing : _found).TryAdd(resource + ": " + value.Name, 0);
    }

    private sealed class Recording(IStringLocalizer inner, string resource, RecordingLocalizerFactory owner) : IStringLocalizer
    {
        public LocalizedString this[string name]
        {
            get
            {
                var value = inner[name];
                owner.Record(resource, value);
                return value;
            }
        }

        public LocalizedString this[string name, params object[] arguments]
        {
            get
            {
                var value = inner[name, arguments];
                owner.Record(resource, value);
                return value;
            }
        }

        public IEnumerable<LocalizedString> GetAllStrings(bool includeParentCultures) => inner.GetAllStrings(includeParentCultures);
    }
}
