namespace BootstrapPortal.Web.Tests.Hosting;

/// <summary>What a refused start says: the messages of an exception, its inner and aggregated exceptions, in one line.</summary>
internal static class StartupErrors
{
    public static string Flatten(Exception error)
    {
        var parts = new List<string>();
        for (Exception? e = error; e is not null; e = e.InnerException)
        {
            parts.Add(e.Message);
            if (e is AggregateException aggregate)
            {
                parts.AddRange(aggregate.InnerExceptions.Select(i => i.Message));
            }
        }

        return string.Join(" | ", parts);
    }
}
