using Microsoft.AspNetCore.Mvc.RazorPages;
using SalesInsightActions.Web.Accounts;

namespace SalesInsightActions.Web.Onboarding;

public sealed class SetupTrackerPageModel(CurrentAccount currentAccount, SetupTracker tracker) : PageModel
{
    public CurrentAccountInfo? Account { get; private set; }
    public IReadOnlyList<SetupStep> Steps { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Account = await currentAccount.GetAsync(cancellationToken);
        if (Account is not null)
        {
            Steps = await tracker.GetStepsAsync(cancellationToken);
        }
    }
}
