using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SalesInsightActions.Web.Infrastructure.Web;
using SalesInsightActions.Web.Users.SignIn;

namespace SalesInsightActions.Web.Sync.Activities.Api;

/// <summary>Settings → My settings → API tokens: a member's personal tokens for the activities API.</summary>
[Authorize(Policy = Policies.AccountMember)]
public sealed class ApiTokensModel(ApiTokenService tokens) : PageModel
{
    /// <summary>The token just created, carried across the redirect once (TempData is encrypted) and never stored in clear.</summary>
    [TempData]
    public string? NewToken { get; set; }

    [BindProperty]
    public string? Name { get; set; }

    public IReadOnlyList<ApiTokenSummary> Tokens { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => Tokens = await tokens.ListAsync(User.MemberId()!.Value, ct);

    public async Task<IActionResult> OnPostCreateAsync(CancellationToken ct)
    {
        var (token, refusal) = await tokens.CreateAsync(User.MemberId()!.Value, Name, ct);
        if (refusal is not null)
        {
            this.NotifyError(refusal);
        }
        else
        {
            NewToken = token;
            this.Notify("Token created. Copy it now: it is shown only this once.");
        }

        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostRevokeAsync(Guid tokenId, CancellationToken ct)
    {
        if (await tokens.RevokeAsync(User.MemberId()!.Value, tokenId, ct))
        {
            this.Notify("Token revoked. Programs using it are refused from now on.");
        }
        else
        {
            this.NotifyInfo("This token was already revoked.");
        }

        return RedirectToPage();
    }
}
