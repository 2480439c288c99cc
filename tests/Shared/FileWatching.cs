using System.Runtime.CompilerServices;

namespace SalesInsightActions.TestSupport;

/// <summary>
/// Every app host a test starts watches its wwwroot for asp-append-version (and its settings files unless
/// DOTNET_hostBuilder__reloadConfigOnChange=false): one inotify instance each, and a test run keeps many hosts alive at
/// once. Linux allows 128 per user by default, so a full run failed with "inotify instances limit reached". Tests never
/// edit those files while running: polling watchers (a timer, no inotify) are enough, for every runner and IDE.
/// </summary>
internal static class FileWatching
{
    [ModuleInitializer]
    internal static void UsePolling()
    {
        Environment.SetEnvironmentVariable("DOTNET_USE_POLLING_FILE_WATCHER", "1");
        Environment.SetEnvironmentVariable("DOTNET_hostBuilder__reloadConfigOnChange", "false");
    }
}
