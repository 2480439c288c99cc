using System.Net;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using SalesInsightActions.Tests.TestInfrastructure;

namespace SalesInsightActions.Tests.Localization;

public sealed partial class LocalizationTests
{
    private static readonly string WebProjectDirectory = Path.Combine(RepositoryRoot(), "src", "SalesInsightActions.Web");

    [Fact]
    public void Every_english_string_has_a_simplified_chinese_translation_and_no_extras()
    {
        var english = ReadResx("SharedResource.resx");
        var chinese = ReadResx("SharedResource.zh-Hans.resx");

        Assert.Empty(english.Keys.Except(chinese.Keys));
        Assert.Empty(chinese.Keys.Except(english.Keys));
        Assert.All(chinese, pair => Assert.False(string.IsNullOrWhiteSpace(pair.Value), $"Empty translation for '{pair.Key}'"));
        // Placeholders must survive translation, or string.Format would throw or drop values.
        Assert.All(english, pair => Assert.Equal(Placeholders(pair.Value), Placeholders(chinese[pair.Key])));
    }

    [Fact]
    public void Every_string_a_page_asks_for_exists_in_the_resources()
    {
        var english = ReadResx("SharedResource.resx");
        var sources = Directory.EnumerateFiles(WebProjectDirectory, "*.cs*", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                        && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal));
        var missing = new List<string>();
        foreach (var file in sources)
        {
            var text = File.ReadAllText(file);
            foreach (Match m in LocalizerKey().Matches(text))
            {
                var key = Regex.Unescape(m.Groups["key"].Value);
                if (!english.ContainsKey(key))
                {
                    missing.Add($"{Path.GetFileName(file)}: {key}");
                }
            }
        }

        Assert.Empty(missing);
    }

    [Theory]
    [InlineData("zh-CN,zh;q=0.9,en;q=0.5", "设置步骤")]
    [InlineData("zh-Hans", "设置步骤")]
    [InlineData("en-US,en;q=0.9", "Setup steps")]
    [InlineData("fr-FR", "Setup steps")]
    public async Task Page_language_follows_the_browser(string acceptLanguage, string expectedText)
    {
        await using var database = await PostgresDatabase.CreateAsync();
        await using var app = new AppFactory(database.ConnectionString, new Dictionary<string, string?> { ["Sandbox:Enabled"] = "true" });
        using var client = app.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/");
        request.Headers.Add("Accept-Language", acceptLanguage);

        var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(expectedText, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Language_switcher_choice_is_remembered_over_the_browser_language()
    {
        await using var database = await PostgresDatabase.CreateAsync();
        await using var app = new AppFactory(database.ConnectionString, new Dictionary<string, string?> { ["Sandbox:Enabled"] = "true" });
        using var client = app.CreateClient(); // keeps cookies between requests
        var page = await client.GetStringAsync("/");
        var token = AntiforgeryToken().Match(page).Groups["token"].Value;

        var switchResponse = await client.PostAsync("/culture", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["culture"] = "zh-Hans", ["returnUrl"] = "/", ["__RequestVerificationToken"] = token,
        }));
        using var request = new HttpRequestMessage(HttpMethod.Get, "/");
        request.Headers.Add("Accept-Language", "en-US");
        var after = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, switchResponse.StatusCode); // followed the redirect back home
        Assert.Contains("设置步骤", await after.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Language_switcher_refuses_to_redirect_off_site()
    {
        await using var database = await PostgresDatabase.CreateAsync();
        await using var app = new AppFactory(database.ConnectionString, new Dictionary<string, string?> { ["Sandbox:Enabled"] = "true" });
        using var client = app.CreateClient(new() { AllowAutoRedirect = false });
        var page = await client.GetStringAsync("/");
        var token = AntiforgeryToken().Match(page).Groups["token"].Value;

        var response = await client.PostAsync("/culture", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["culture"] = "en", ["returnUrl"] = "https://evil.example/", ["__RequestVerificationToken"] = token,
        }));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/", response.Headers.Location?.OriginalString);
    }

    private static Dictionary<string, string> ReadResx(string file) =>
        XDocument.Load(Path.Combine(WebProjectDirectory, "Resources", file)).Root!.Elements("data")
            .ToDictionary(d => (string)d.Attribute("name")!, d => (string?)d.Element("value") ?? "");

    private static string[] Placeholders(string text) => [.. Placeholder().Matches(text).Select(m => m.Value).Order()];

    internal static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "SalesInsightActions.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("Cannot find the repository root from " + AppContext.BaseDirectory);
    }

    // L["..."] and L["...", args] in pages and page models; keys built at run time are checked by the tests of their feature.
    [GeneratedRegex("""\bL\["(?<key>(?:[^"\\]|\\.)+)"[\],]""")]
    private static partial Regex LocalizerKey();

    [GeneratedRegex(@"\{\d+\}")]
    private static partial Regex Placeholder();

    [GeneratedRegex("""name="__RequestVerificationToken" type="hidden" value="(?<token>[^"]+)""")]
    private static partial Regex AntiforgeryToken();
}
