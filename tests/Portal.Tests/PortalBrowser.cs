using Microsoft.Playwright;

namespace Portal.Tests;

/// <summary>
/// Debian's Chromium (infra/scripts/browser.sh installs it; `make test` does), driven by Playwright,
/// which never downloads a browser of its own here. Playwright starts it with a fresh profile of its
/// own (its --user-data-dir) and headless; the flags below keep it off the network it would otherwise
/// try at every start, which a machine with no way out refuses.
/// </summary>
public sealed class PortalBrowser : IAsyncLifetime
{
    public const string Executable = "/usr/bin/chromium";

    private static readonly string[] Flags =
    [
        "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync",
    ];

    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = null!;

    /// <summary>Where each test's screenshots are kept: the test project's output folder.</summary>
    public static string Artefacts { get; } = Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "portal-screenshots")).FullName;

    /// <summary>Chromium's and Playwright's versions, as the run used them.</summary>
    public string Versions { get; private set; } = "";

    public async Task InitializeAsync()
    {
        Assert.True(File.Exists(Executable),
            $"{Executable} is missing: the portal's browser tests drive Debian's Chromium. Install it with infra/scripts/browser.sh install (make test does).");
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = Executable, Headless = true, Args = Flags });
        // The package's version is the assembly's file version (its assembly version is 1.0.0).
        var playwright = System.Diagnostics.FileVersionInfo.GetVersionInfo(typeof(Playwright).Assembly.Location).FileVersion;
        Versions = $"Chromium {Browser.Version}, Microsoft.Playwright {playwright}";
        await File.WriteAllTextAsync(Path.Combine(Artefacts, "versions.txt"), Versions + "\n");
        Console.WriteLine($"Portal browser tests: {Versions}");
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.CloseAsync();
        _playwright?.Dispose();
    }
}
