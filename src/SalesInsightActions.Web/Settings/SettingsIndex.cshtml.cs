using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SalesInsightActions.Web.Users.SignIn;

namespace SalesInsightActions.Web.Settings;

/// <summary>Settings (the gear): what the signed-in member may use; admins also get Admin Settings.</summary>
[Authorize(Policy = Policies.AccountMember)]
public sealed class SettingsIndexModel(IAuthorizationService authorization) : PageModel
{
    public bool IsAdmin { get; private set; }

    public async Task OnGetAsync() =>
        IsAdmin = (await authorization.AuthorizeAsync(User, Policies.AccountAdmin)).Succeeded;
}
