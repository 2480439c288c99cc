using System.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace SalesInsightActions.Web.Shared;

[IgnoreAntiforgeryToken]
public sealed class ErrorModel : PageModel
{
    public string TitleKey { get; private set; } = "Something went wrong";
    public string MessageKey { get; private set; } = "We could not finish your request. Please try again in a moment.";
    public string? RequestId { get; private set; }

    public void OnGet(int? code) => Describe(code);

    public void OnPost(int? code) => Describe(code);

    private void Describe(int? code)
    {
        RequestId = Activity.Current?.Id ?? HttpContext.TraceIdentifier;
        if (code == StatusCodes.Status404NotFound)
        {
            TitleKey = "Page not found";
            MessageKey = "There is no page at this address. Check the link, or go back to setup.";
            RequestId = null;
        }
        else if (code == StatusCodes.Status429TooManyRequests)
        {
            TitleKey = "Too many attempts";
            MessageKey = "You tried this too many times in a short while. Wait a minute, then try again.";
            RequestId = null;
        }
        else if (code is >= 400 and < 500)
        {
            TitleKey = "We could not accept that request";
            MessageKey = "The request was not valid. Go back, check what you entered and try again.";
            RequestId = null;
        }

        if (code is not null)
        {
            Response.StatusCode = code.Value;
        }
    }
}
