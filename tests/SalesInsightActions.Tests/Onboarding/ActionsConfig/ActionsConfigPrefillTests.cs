using System.Text.RegularExpressions;
using SalesInsightActions.Tests.TestInfrastructure;

namespace SalesInsightActions.Tests.Onboarding.ActionsConfig;

/// <summary>Only the sandbox pre-fills Actions Config with the simulator's API user; anywhere else the form starts empty.</summary>
public sealed partial class ActionsConfigPrefillOutsideSandboxTests : AppTest
{
    [Fact]
    public async Task Outside_sandbox_the_form_is_empty_and_no_simulator_credential_is_in_the_page()
    {
        using var browser = App.CreateClient();

        var html = await browser.GetStringAsync(new Uri("/admin/sales-insight/actions-config", UriKind.Relative));

        Assert.Contains("name=\"Input.ClientSecret\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("sim-marketo-client", html, StringComparison.Ordinal);
        Assert.DoesNotContain("value=\"123-ABC-456\"", html, StringComparison.Ordinal);
        Assert.All(InputValue().Matches(html), m => Assert.Equal("", m.Groups["value"].Value));
    }

    // An input of the three credential fields, whichever attribute comes first.
    [GeneratedRegex("<input(?=[^>]*name=\"Input\\.(?:MunchkinId|ClientId|ClientSecret)\")[^>]*value=\"(?<value>[^\"]*)\"")]
    private static partial Regex InputValue();
}

public sealed class ActionsConfigPrefillInSandboxTests : AppTest
{
    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Sandbox:Enabled"] = "true" };

    [Fact]
    public async Task In_sandbox_the_form_carries_the_simulators_api_user()
    {
        using var browser = App.CreateClient();

        var html = await browser.GetStringAsync(new Uri("/admin/sales-insight/actions-config", UriKind.Relative));

        Assert.Contains("value=\"123-ABC-456\"", html, StringComparison.Ordinal);
        Assert.Contains("value=\"sim-marketo-client-id\"", html, StringComparison.Ordinal);
    }
}
