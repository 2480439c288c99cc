using System.Text.RegularExpressions;

namespace SalesInsightActions.Tests.Deploy;

/// <summary>
/// docker-compose.yml and deploy/rehearse.sh describe one topology: the same proxy template, the same shared app
/// settings file, the same per-topology setting names (only their addresses differ) and the same secret files.
/// CI exercises the rehearsal; these checks make sure that what it proves also holds for the compose file.
/// </summary>
public sealed partial class TopologyTests
{
    private static readonly string Root = Localization.LocalizationTests.RepositoryRoot();
    private static readonly string Compose = File.ReadAllText(Path.Combine(Root, "docker-compose.yml"));
    private static readonly string Rehearsal = File.ReadAllText(Path.Combine(Root, "deploy", "rehearse.sh"));

    [Fact]
    public void Both_use_the_one_proxy_template_and_the_one_shared_settings_file()
    {
        Assert.Contains("./deploy/proxy/default.conf.template:/etc/nginx/templates/default.conf.template", Compose, StringComparison.Ordinal);
        Assert.Contains("\"$ROOT/deploy/proxy/default.conf.template\"", Rehearsal, StringComparison.Ordinal);
        Assert.Equal(2, Regex.Matches(Compose, @"^  app\d: \*app$", RegexOptions.Multiline).Count);
        Assert.Contains("env_file: deploy/app.env", Compose, StringComparison.Ordinal);
        Assert.Contains(". \"$ROOT/deploy/app.env\"", Rehearsal, StringComparison.Ordinal);
        // No copy of nginx configuration anywhere else in the rehearsal than its main-file wrapper.
        Assert.DoesNotContain("proxy_pass", Rehearsal, StringComparison.Ordinal);
    }

    [Fact]
    public void The_proxy_template_variables_are_the_ones_both_topologies_set()
    {
        var template = File.ReadAllText(Path.Combine(Root, "deploy", "proxy", "default.conf.template"));
        var used = TemplateVariable().Matches(template).Select(m => m.Groups[1].Value).ToHashSet();
        var compose = ProxyEnvironment().Matches(Compose).Select(m => m.Groups[1].Value).ToHashSet();
        var rehearsal = EnvsubstList().Match(Rehearsal).Groups[1].Value.Split(' ').Select(v => v.Trim('$', '{', '}')).ToHashSet();

        Assert.Equal(["SIA_APP_1", "SIA_APP_2", "SIA_PROXY_LISTEN"], used.Order());
        Assert.Equal(used.Order(), compose.Order());
        Assert.Equal(used.Order(), rehearsal.Order());
    }

    [Fact]
    public void Every_per_topology_app_setting_of_the_compose_file_is_set_by_the_rehearsal_and_none_repeats_the_shared_file()
    {
        var compose = AppEnvironmentKeys(Compose);
        var rehearsal = RehearsalExport().Matches(Rehearsal).Select(m => m.Groups[1].Value)
            // Where secrets and config files are: compose uses the default /run/secrets and never edits files.
            .Except(["SecretsDirectory", "DOTNET_hostBuilder__reloadConfigOnChange", "SIA_TEST_MAILDEV_URL"])
            .Where(k => !k.StartsWith("SIA_REHEARSAL", StringComparison.Ordinal))
            .ToHashSet();
        var shared = File.ReadAllLines(Path.Combine(Root, "deploy", "app.env"))
            .Where(l => l.Length > 0 && !l.StartsWith('#'))
            .Select(l => l[..l.IndexOf('=', StringComparison.Ordinal)])
            .ToList();

        Assert.NotEmpty(compose);
        Assert.Equal(compose.Order(), rehearsal.Order());
        Assert.Empty(shared.Intersect(compose));
        Assert.Empty(shared.Intersect(rehearsal));
        Assert.Contains("Invitations__PublicBaseUrl", compose);
    }

    [Fact]
    public void The_app_secrets_are_the_files_make_secrets_writes_and_no_password_is_inline()
    {
        var makeSecrets = File.ReadAllText(Path.Combine(Root, "deploy", "make-secrets.sh"));
        var written = SecretWritten().Matches(makeSecrets).Select(m => m.Groups[1].Value).Append("dataprotection.pfx").ToHashSet();
        var composeFiles = SecretFile().Matches(Compose).Select(m => m.Groups[1].Value).ToHashSet();

        Assert.Equal(written.Order(), composeFiles.Order());
        Assert.DoesNotMatch(InlinePassword(), Compose);
        Assert.DoesNotMatch(InlinePassword(), File.ReadAllText(Path.Combine(Root, "deploy", "app.env")));
    }

    /// <summary>Keys of the x-app anchor's environment block (4-space indented "Key: value" lines).</summary>
    private static HashSet<string> AppEnvironmentKeys(string compose)
    {
        var block = XAppEnvironment().Match(compose);
        Assert.True(block.Success, "docker-compose.yml has no x-app environment block");
        return [.. EnvironmentKey().Matches(block.Groups[1].Value).Select(m => m.Groups[1].Value)];
    }

    [GeneratedRegex(@"\$\{(SIA_[A-Z0-9_]+)\}")]
    private static partial Regex TemplateVariable();

    [GeneratedRegex(@"^      (SIA_(?:PROXY|APP)[A-Z0-9_]*):", RegexOptions.Multiline)]
    private static partial Regex ProxyEnvironment();

    [GeneratedRegex(@"envsubst '([^']+)'")]
    private static partial Regex EnvsubstList();

    [GeneratedRegex(@"^    export ([A-Za-z_][A-Za-z0-9_]*)=", RegexOptions.Multiline)]
    private static partial Regex RehearsalExport();

    [GeneratedRegex(@"^x-app: &app\n(?:.*\n)*?  environment:\n((?:    .*\n)+)", RegexOptions.Multiline)]
    private static partial Regex XAppEnvironment();

    [GeneratedRegex(@"^    ([A-Za-z_][A-Za-z0-9_]*):", RegexOptions.Multiline)]
    private static partial Regex EnvironmentKey();

    [GeneratedRegex(@"^write ([A-Za-z_]+) ", RegexOptions.Multiline)]
    private static partial Regex SecretWritten();

    [GeneratedRegex(@"file: \./secrets/([A-Za-z_.]+)")]
    private static partial Regex SecretFile();

    [GeneratedRegex(@"(?i)password[ \t]*[=:][ \t]*[^$\s{]")]
    private static partial Regex InlinePassword();
}
