using System.Collections.Immutable;

namespace BootstrapPortal.Core.Text;

/// <summary>An argument made of several messages joined by <see cref="Separator"/>, each rendered in the reader's language.</summary>
public sealed record TextList(string Separator, ImmutableArray<PortalText> Items)
{
    public static TextList Of(string separator, IEnumerable<PortalText> items) => new(separator, [.. items]);

    public override string ToString() => string.Join(Separator, Items);
}
