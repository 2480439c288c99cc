namespace SalesInsightActions.TestSupport;

/// <summary>
/// Servers and tools that ./test.sh provides for the run. A missing one fails the test loudly:
/// nothing is skipped because a prerequisite is absent.
/// </summary>
public static class TestEnvironment
{
    public static string PostgresAdminConnectionString => Require("SIA_TEST_POSTGRES", "a PostgreSQL server");

    public static string SmtpHost => Require("SIA_TEST_SMTP_HOST", "an SMTP server");

    public static int SmtpPort => int.Parse(Require("SIA_TEST_SMTP_PORT", "an SMTP server"), System.Globalization.CultureInfo.InvariantCulture);

    public static Uri MaildevUrl => new(Require("SIA_TEST_MAILDEV_URL", "the maildev web API"));

    /// <summary>The machine's Chromium; the tests never download a browser.</summary>
    public static string ChromiumPath => Require("SIA_TEST_CHROMIUM", "a Chromium executable");

    private static string Require(string variable, string what) =>
        Environment.GetEnvironmentVariable(variable) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException($"{variable} is not set: these tests need {what}. Run them through ./test.sh, which starts it.");
}
