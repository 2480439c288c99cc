using System.Globalization;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SalesInsightActions.Web;
using SalesInsightActions.Web.Email;

namespace SalesInsightActions.Tests.Email;

public sealed class InvitationEmailComposerTests
{
    private static readonly Uri Link = new("https://app.example/invitations/accept?token=abc&x=1");

    private static InvitationEmailComposer Composer()
    {
        var factory = new ResourceManagerStringLocalizerFactory(Options.Create(new LocalizationOptions { ResourcesPath = "Resources" }), NullLoggerFactory.Instance);
        return new InvitationEmailComposer(new StringLocalizer<SharedResource>(factory), Options.Create(new SmtpOptions { FromAddress = "invites@acme.example" }), TimeProvider.System);
    }

    private static OutboxEmail ComposeIn(string culture, InvitationEmailModel model)
    {
        var (ui, current) = (CultureInfo.CurrentUICulture, CultureInfo.CurrentCulture);
        try
        {
            CultureInfo.CurrentUICulture = CultureInfo.CurrentCulture = new CultureInfo(culture);
            return Composer().Compose(model);
        }
        finally
        {
            (CultureInfo.CurrentUICulture, CultureInfo.CurrentCulture) = (ui, current);
        }
    }

    [Fact]
    public void Html_encodes_every_inserted_value()
    {
        var email = ComposeIn("en", new InvitationEmailModel(Guid.NewGuid(), "ana@acme.example", "<b>Ana</b>",
            "<script>alert('account')</script>", "\"><img src=x onerror=alert(1)>", Link, new DateTime(2026, 12, 1, 0, 0, 0, DateTimeKind.Utc)));

        Assert.DoesNotContain("<script>", email.HtmlBody, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img", email.HtmlBody, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<b>Ana", email.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;", email.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("&quot;&gt;&lt;img src=x onerror=alert(1)&gt;", email.HtmlBody, StringComparison.Ordinal);
        // The link's & is encoded inside href, which browsers decode back to the same URL.
        Assert.Contains("href=\"https://app.example/invitations/accept?token=abc&amp;x=1\"", email.HtmlBody, StringComparison.Ordinal);
        // Plain text carries the values as they are: nothing interprets it.
        Assert.Contains("\"><img src=x onerror=alert(1)> invited you to join the Sales account <script>alert('account')</script>.", email.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public void English_invitation_names_inviter_account_expiry_and_what_to_do_if_unexpected()
    {
        var email = ComposeIn("en", new InvitationEmailModel(Guid.NewGuid(), "ana@acme.example", "Ana Silva", "Acme Sales", "Bo Admin", Link, new DateTime(2026, 12, 1, 0, 0, 0, DateTimeKind.Utc)));

        Assert.Equal("You are invited to Acme Sales on Sales Insight Actions", email.Subject);
        Assert.Contains(">Get Started</a>", email.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("Bo Admin invited you to join the Sales account Acme Sales.", email.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("This invitation expires on Tuesday, December 1, 2026 UTC.", email.TextBody, StringComparison.Ordinal);
        Assert.Contains("If you did not expect this invitation, you can ignore this email", email.TextBody, StringComparison.Ordinal);
        Assert.Contains("Get Started: " + Link.AbsoluteUri, email.TextBody, StringComparison.Ordinal);
        Assert.Equal(OutboxEmailState.Pending, email.State);
        Assert.EndsWith("@acme.example", email.MessageId, StringComparison.Ordinal);
    }

    [Fact]
    public void Invitation_without_inviter_says_you_have_been_invited()
    {
        var email = ComposeIn("en", new InvitationEmailModel(Guid.NewGuid(), "ana@acme.example", null, "Acme Sales", null, Link, DateTime.UtcNow.AddDays(7)));

        Assert.Contains("You have been invited to join the Sales account Acme Sales.", email.TextBody, StringComparison.Ordinal);
        Assert.Contains("Hello,", email.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public void Chinese_ui_culture_writes_the_invitation_in_simplified_chinese()
    {
        var email = ComposeIn("zh-Hans", new InvitationEmailModel(Guid.NewGuid(), "li@acme.example", "李雷", "Acme 销售", "韩梅梅", Link, new DateTime(2026, 12, 1, 0, 0, 0, DateTimeKind.Utc)));

        Assert.Equal("邀请您加入 Sales Insight Actions 上的 Acme 销售", email.Subject);
        Assert.Contains("韩梅梅 邀请您加入销售账户 Acme 销售。", email.HtmlBody, StringComparison.Ordinal);
        Assert.Contains(">开始使用</a>", email.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("2026年12月1日", email.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public void Refuses_a_link_that_is_not_http()
    {
        Assert.Throws<ArgumentException>(() => Composer().Compose(new InvitationEmailModel(Guid.NewGuid(), "a@acme.example", null, "Acme", null, new Uri("javascript:alert(1)"), DateTime.UtcNow)));
    }

    [Fact]
    public void Retry_delay_doubles_per_failure_within_jitter_and_is_capped()
    {
        var options = new EmailOptions { RetryBaseDelaySeconds = 30, RetryMaxDelaySeconds = 3600 };

        Assert.Equal(TimeSpan.FromSeconds(30), RetryBackoff.Delay(1, options, 0.5));
        Assert.Equal(TimeSpan.FromSeconds(120), RetryBackoff.Delay(3, options, 0.5));
        Assert.Equal(TimeSpan.FromSeconds(24), RetryBackoff.Delay(1, options, 0));
        Assert.Equal(TimeSpan.FromSeconds(3600), RetryBackoff.Delay(20, options, 0.5));
    }
}
