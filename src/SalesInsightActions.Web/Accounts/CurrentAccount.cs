using Microsoft.EntityFrameworkCore;
using SalesInsightActions.Web.Data;

namespace SalesInsightActions.Web.Accounts;

/// <summary>The account the request acts for, with its display facts; resolved once per request.</summary>
public sealed record CurrentAccountInfo(Guid Id, string Name, string MunchkinId, bool IsSandbox);

public sealed class CurrentAccount(AccountScope scope, AppDbContext db, Users.SignIn.SignedInMember signedIn)
{
    private CurrentAccountInfo? _info;
    private bool _loaded;

    public async Task<CurrentAccountInfo?> GetAsync(CancellationToken cancellationToken = default)
    {
        if (!_loaded)
        {
            _loaded = true;
            if (scope.AccountId is not { } id)
            {
                return null;
            }

            if (signedIn.Facts?.Account is { } read && read.Id == id)
            {
                // The sign-in cookie check read it with the member this request.
                _info = read;
            }
            else
            {
                _info = await db.SalesAccounts.Where(a => a.Id == id)
                    .Select(a => new CurrentAccountInfo(a.Id, a.Name, a.MunchkinId, a.IsSandbox))
                    .FirstOrDefaultAsync(cancellationToken);
            }
        }

        return _info;
    }
}
