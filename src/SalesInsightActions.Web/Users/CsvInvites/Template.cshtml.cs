using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SalesInsightActions.Web.Users.SignIn;

namespace SalesInsightActions.Web.Users.CsvInvites;

[Authorize(Policy = Policies.AccountAdmin)]
public sealed class CsvTemplateModel : PageModel
{
    public IActionResult OnGet() => File(CsvInviteTemplate.Bytes(), "text/csv; charset=utf-8", CsvInviteTemplate.FileName);
}
