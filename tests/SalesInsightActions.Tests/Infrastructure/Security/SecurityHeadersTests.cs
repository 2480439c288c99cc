using System.Net;
using System.Text.RegularExpressions;
using SalesInsightActions.Tests.Localization;
using SalesInsightActions.Tests.TestInfrastructure;
using SalesInsightActions.Web.Users;

namespace SalesInsightActions.Tests.Infrastructure.Security;

public sealed partial class SecurityHeadersTests : AppTest
{
    [Theory]
    [InlineData("/sign-in")]
    [InlineData("/no/such/page")]
    [InlineData("/css/site.css")]
    [InlineData("/health/live")]
    public async Task Every_response_carries_the_security_headers(string path)
    {
        using var client = App.CreateClient(new() { AllowAutoRedirect = false });

        var response = await client.GetAsync(path);

        AssertSecurityHeaders(response);
    }

    [Fact]
    public async Task A_signed_in_admin_page_cannot_be_framed_or_run_inline_script()
    {
        var accountId = await AccountSeeder.CreateAccountAsync(App);
        await AccountSeeder.CreateActiveMemberAsync(App, accountId, "headers-admin@acme.example", MemberRole.Admin);
        using var client = await AccountSeeder.SignInAsync(App, "headers-admin@acme.example");

        var response = await client.GetAsync("/users");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        AssertSecurityHeaders(response);
    }

    /// <summary>The policy forbids inline script and style, so no page may rely on them.</summary>
    [Fact]
    public void No_page_has_inline_script_event_handlers_or_style_attributes()
    {
        var web = Path.Combine(LocalizationTests.RepositoryRoot(), "src", "SalesInsightActions.Web");
        var offenders = Directory.EnumerateFiles(web, "*.cshtml", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .SelectMany(f => InlineCode().Matches(File.ReadAllText(f)).Select(m => $"{Path.GetRelativePath(web, f)}: {m.Value}"));

        Assert.Empty(offenders);
    }

    private static void AssertSecurityHeaders(HttpResponseMessage response)
    {
        var csp = Assert.Single(response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("default-src 'self'", csp, StringComparison.Ordinal);
        Assert.Contains("script-src 'self'", csp, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", csp, StringComparison.Ordinal);
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("DENY", Assert.Single(response.Headers.GetValues("X-Frame-Options")));
        Assert.Equal("same-origin", Assert.Single(response.Headers.GetValues("Referrer-Policy")));
    }

    // <script> with a body, on…= handlers, style= attributes.
    [GeneratedRegex("""<script(?![^>]*\bsrc=)[^>]*>|\son[a-z]+\s*=\s*["']|\sstyle\s*=\s*["']""", RegexOptions.IgnoreCase)]
    private static partial Regex InlineCode();
}
