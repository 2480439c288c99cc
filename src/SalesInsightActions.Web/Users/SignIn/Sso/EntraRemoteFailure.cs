using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.WebUtilities;

namespace SalesInsightActions.Web.Users.SignIn.Sso;

/// <summary>
/// A failed or cancelled Microsoft sign-in (bad state, IdP error, token rejected) ends on our own page with a
/// sentence saying what to do, instead of an unhandled exception.
/// </summary>
internal static class EntraRemoteFailure
{
    public const string Cancelled = "cancelled";
    public const string Failed = "failed";

    public static void Handle(RemoteFailureContext context)
    {
        var reason = context.Failure?.Message.Contains("access_denied", StringComparison.Ordinal) == true ? Cancelled : Failed;
        context.HttpContext.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(EntraRemoteFailure))
            .LogWarning(context.Failure, "Microsoft Entra ID sign-in did not complete ({Reason})", reason);
        context.Response.Redirect(QueryHelpers.AddQueryString($"{context.Request.PathBase}{EntraCompleteModel.Path}", "error", reason));
        context.HandleResponse();
    }
}
