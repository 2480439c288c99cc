using System.Diagnostics;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace SalesInsightActions.Web.Shared;

[IgnoreAntiforgeryToken]
public sealed class ErrorModel(IStringLocalizer<SharedResource> localizer) : PageModel
{
    public string TitleKey { get; private set; } = "Something went wrong";
    public string MessageKey { get; private set; } = "We could not finish your request. Please try again in a moment.";
    public string? RequestId { get; private set; }

    public IActionResult OnGet(int? code) => Respond(code);

    public IActionResult OnPost(int? code) => Respond(code);

    /// <summary>Programs calling /api/… get the same answer as problem JSON (e.g. the 415 routing gives a non-JSON body).</summary>
    private IActionResult Respond(int? code)
    {
        Describe(code);
        var original = HttpContext.Features.Get<IStatusCodeReExecuteFeature>()?.OriginalPath ?? HttpContext.Features.Get<IExceptionHandlerPathFeature>()?.Path;
        if (original?.StartsWith("/api/", StringComparison.OrdinalIgnoreCase) != true)
        {
            return Page();
        }

        var status = code ?? StatusCodes.Status500InternalServerError;
        var problem = new ProblemDetails { Title = localizer[TitleKey], Detail = localizer[MessageKey], Status = status };
        if (RequestId is not null)
        {
            problem.Extensions["requestId"] = RequestId;
        }

        return new ObjectResult(problem) { StatusCode = status, ContentTypes = { "application/problem+json" } };
    }

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
