using Microsoft.AspNetCore.Identity;

namespace SalesInsightActions.Web.Users;

/// <summary>
/// A sign-in identity. Deliberately not account-filtered: sign-in looks a person up by email
/// before any account is known, and an email belongs to one Sales account only.
/// The account-owned side of a person is <see cref="Member"/>.
/// </summary>
public sealed class AppUser : IdentityUser
{
    public Guid? SalesAccountId { get; set; }
    public string? DisplayName { get; set; }
}
