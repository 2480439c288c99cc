namespace SalesInsightActions.Web.Users.SignIn;

public static class AccountClaims
{
    /// <summary>The Sales account the signed-in person belongs to.</summary>
    public const string Account = "sia:account";

    /// <summary>The signed-in person's <see cref="Member"/> id.</summary>
    public const string Member = "sia:member";
}

public static class Policies
{
    /// <summary>An active member of the account.</summary>
    public const string AccountMember = "AccountMember";

    /// <summary>An active admin of the account.</summary>
    public const string AccountAdmin = "AccountAdmin";
}
