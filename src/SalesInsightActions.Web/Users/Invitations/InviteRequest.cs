namespace SalesInsightActions.Web.Users.Invitations;

/// <summary>One person to invite, as typed in the invite box or read from a CSV row.</summary>
/// <param name="SourceRow">1-based CSV data row, or the position in the invite box; echoed in verdicts.</param>
public sealed record InviteRequest(int SourceRow, string Email, string? FirstName = null, string? LastName = null, string? TeamName = null, string? Role = null);

public enum InviteOutcome
{
    WillInvite,
    Skipped,
}

/// <summary>Why a row will not be invited. Each maps to a localized sentence in <see cref="InviteVerdict.MessageKey"/>.</summary>
public enum InviteSkipReason
{
    None,
    MalformedEmail,
    DuplicateInThisBatch,
    AlreadyMemberOfThisAccount,
    /// <summary>Belongs to another Sales account; said no more precisely, so admins cannot probe other tenants' members.</summary>
    CannotBeInvited,
    NoSeatsLeft,
    UnknownRole,
    TeamLimitReached,
    TeamNameTooLong,
    EmailHasHiddenCharacters,
    EmailLocalPartTooLong,
    /// <summary>NUL, other control characters, bidi overrides or zero-width characters in a name, the team or the role.</summary>
    FieldsHaveHiddenCharacters,
    NameTooLong,
}

public sealed record InviteVerdict(InviteRequest Request, InviteOutcome Outcome, InviteSkipReason Reason, string NormalizedEmail, string? Team, MemberRole Role)
{
    public bool WillInvite => Outcome == InviteOutcome.WillInvite;

    /// <summary>English resource key of the sentence explaining the verdict (localize with IStringLocalizer&lt;SharedResource&gt;).</summary>
    public string MessageKey => Reason switch
    {
        InviteSkipReason.None => "Will be invited.",
        InviteSkipReason.MalformedEmail => "This is not a valid email address.",
        InviteSkipReason.DuplicateInThisBatch => "This email address appears more than once; it is invited once.",
        InviteSkipReason.AlreadyMemberOfThisAccount => "Email has already been taken: this person is already a member or invited.",
        InviteSkipReason.CannotBeInvited => "This email address can't be invited.",
        InviteSkipReason.NoSeatsLeft => "No seats left: all 100 seats are taken. Deactivate a member to free a seat.",
        InviteSkipReason.UnknownRole => "Unknown role: use admin or standard user.",
        InviteSkipReason.TeamLimitReached => "The team does not exist and the account already has 20 teams.",
        InviteSkipReason.TeamNameTooLong => "Team names can be at most 100 characters.",
        InviteSkipReason.EmailHasHiddenCharacters => "This email address contains invisible or control characters (such as NUL, a right-to-left override or a zero-width space). Type the address again.",
        InviteSkipReason.EmailLocalPartTooLong => "The part of the email address before @ can be at most 64 characters.",
        InviteSkipReason.FieldsHaveHiddenCharacters => "The name, team or role contains invisible or control characters (such as NUL, a right-to-left override or a zero-width space). Remove them and try again.",
        InviteSkipReason.NameTooLong => "First and last names can be at most 100 characters.",
        _ => throw new ArgumentOutOfRangeException(nameof(Reason), Reason, null),
    };
}

/// <summary>The verdict for every requested row, computed before anything is written or sent.</summary>
public sealed record InvitePlan(IReadOnlyList<InviteVerdict> Verdicts, int SeatsLeftBefore, IReadOnlyList<string> TeamsToCreate)
{
    public int InviteCount => Verdicts.Count(v => v.WillInvite);
    public int SkipCount => Verdicts.Count - InviteCount;
}

public sealed record InviteResult(IReadOnlyList<InviteVerdict> Verdicts, int InvitedCount, int SkippedCount);
