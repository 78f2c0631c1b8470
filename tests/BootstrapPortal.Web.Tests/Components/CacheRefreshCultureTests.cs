using System.Globalization;
using BootstrapPortal.Web.Components.Shared;

namespace BootstrapPortal.Web.Tests.Components;

/// <summary>A refresh started by a change raised on another thread renders in the session's language, not that thread's.</summary>
public sealed class CacheRefreshCultureTests
{
    [Fact]
    public async Task A_change_raised_on_a_thread_of_another_culture_refreshes_in_the_sessions_culture()
    {
        Action? raise = null;
        var seen = new TaskCompletionSource<(string Culture, string UiCulture)>(TaskCreationOptions.RunContinuationsAsynchronously);
        var (culture, uiCulture) = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
        CacheRefresh refresh;
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("zh-Hans");
            refresh = new CacheRefresh(h => raise = h, _ => raise = null, () =>
            {
                seen.TrySetResult((CultureInfo.CurrentCulture.Name, CultureInfo.CurrentUICulture.Name));
                return Task.CompletedTask;
            });
        }
        finally
        {
            (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = (culture, uiCulture);
        }

        using (refresh)
        {
            var thread = new Thread(() =>
            {
                CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = CultureInfo.InvariantCulture;
                raise!();
            });
            thread.Start();
            thread.Join();

            Assert.Equal(("zh-Hans", "zh-Hans"), await seen.Task.WaitAsync(TimeSpan.FromSeconds(30)));
        }
    }
}
