using System.Text.Json;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.ViewFeatures;

namespace SalesInsightActions.Web.Infrastructure.Web;

public enum NoticeKind
{
    Success,
    Error,
    Info,
}

/// <summary>
/// The one way a POST tells the next page what happened: a localization key and its arguments, kept in
/// TempData across the redirect (every POST ends in RedirectToPage) and shown by Shared/_Notice.cshtml.
/// Keys, not rendered text, are stored so the notice follows the reader's language.
/// </summary>
public sealed record Notice(NoticeKind Kind, string Key, string[] Args)
{
    internal const string TempDataKey = "sia.notice";

    public static Notice? Read(ITempDataDictionary tempData) =>
        tempData[TempDataKey] is string json ? JsonSerializer.Deserialize<Notice>(json) : null;

    internal void Write(ITempDataDictionary tempData) => tempData[TempDataKey] = JsonSerializer.Serialize(this);
}

public static class NoticeExtensions
{
    /// <summary>Shows <paramref name="key"/> (a SharedResource key, with {0}… placeholders) on the next page.</summary>
    public static void Notify(this PageModel page, string key, params object?[] args) =>
        new Notice(NoticeKind.Success, key, Format(args)).Write(page.TempData);

    public static void NotifyError(this PageModel page, string key, params object?[] args) =>
        new Notice(NoticeKind.Error, key, Format(args)).Write(page.TempData);

    public static void NotifyInfo(this PageModel page, string key, params object?[] args) =>
        new Notice(NoticeKind.Info, key, Format(args)).Write(page.TempData);

    private static string[] Format(object?[] args) =>
        [.. args.Select(a => Convert.ToString(a, System.Globalization.CultureInfo.CurrentCulture) ?? "")];
}
