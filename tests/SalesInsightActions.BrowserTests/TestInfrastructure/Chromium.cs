using Microsoft.Playwright;

namespace SalesInsightActions.BrowserTests.TestInfrastructure;

/// <summary>Launches the machine's own Chromium through Playwright (never a downloaded browser).</summary>
public static class Chromium
{
    // Quiet, offline, deterministic: no background traffic, updates, sync or QUIC; no GPU or sandbox in CI containers.
    private static readonly string[] Args =
    [
        "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run", "--disable-quic",
    ];

    public static Task<IBrowser> LaunchAsync(IPlaywright playwright) =>
        playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = TestEnvironment.ChromiumPath,
            Headless = true,
            Args = Args,
        });
}
