using System.Net.Sockets;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SalesInsightActions.Web.Accounts;
using SalesInsightActions.Web.Audit;
using SalesInsightActions.Web.Connections.Marketo;
using SalesInsightActions.Web.Data;
using SalesInsightActions.Web.Infrastructure.Sandbox;
using SalesInsightActions.Web.Users;
using SalesInsightActions.Web.Users.Invitations;

namespace SalesInsightActions.Web.Onboarding.ActionsConfig;

public enum VerifyFailure
{
    None,
    UnknownMunchkinId,
    WrongCredentials,
    Unreachable,
    MissingUserManagementPermission,
    MarketoRefused,
    RateLimited,
}

/// <param name="AccountId">The created or re-opened account when verified.</param>
/// <param name="Detail">Marketo's own words (an error code) or, when rate limited, the minutes to wait.</param>
public sealed record VerifyResult(VerifyFailure Failure, Guid? AccountId = null, bool Created = false, string? Detail = null)
{
    public bool Verified => Failure == VerifyFailure.None;

    /// <summary>The English resource key explaining the outcome; never says which value was wrong beyond what Marketo said.</summary>
    public string MessageKey => Failure switch
    {
        VerifyFailure.None => Created ? "Verified. The Sales account for {0} is set up; invite its admins below." : "Verified. This is the Sales account for {0}.",
        VerifyFailure.UnknownMunchkinId => "Marketo does not know the Munchkin ID {0}. Copy it from Admin > Munchkin in Marketo and try again.",
        VerifyFailure.WrongCredentials => "Marketo refused the client ID and client secret for {0}. Copy both again from Admin > LaunchPoint > View Details of the API-only user's service.",
        VerifyFailure.Unreachable => "Marketo could not be reached for {0}. Nothing was saved; try again in a few minutes.",
        VerifyFailure.MissingUserManagementPermission => "The API-only user of {0} lacks the Access User Management Api permission. Give its API role the permissions Access Users and Access User Management Api, then try again.",
        VerifyFailure.MarketoRefused => "Marketo refused the check for {0} (error {1}). Nothing was saved; try again later.",
        VerifyFailure.RateLimited => "Too many checks. Try again in {1} minutes.",
        _ => throw new ArgumentOutOfRangeException(nameof(Failure), Failure, null),
    };
}

/// <summary>The three values a Marketo admin copies from Marketo: Admin > Munchkin and the API-only user's LaunchPoint service.</summary>
public sealed class ActionsConfigInput
{
    [System.ComponentModel.DataAnnotations.Required(ErrorMessage = "Enter the Munchkin ID.")]
    [System.ComponentModel.DataAnnotations.Display(Name = "Munchkin ID")]
    public string? MunchkinId { get; set; }

    [System.ComponentModel.DataAnnotations.Required(ErrorMessage = "Enter the client ID.")]
    [System.ComponentModel.DataAnnotations.Display(Name = "Client ID")]
    public string? ClientId { get; set; }

    [System.ComponentModel.DataAnnotations.Required(ErrorMessage = "Enter the client secret.")]
    [System.ComponentModel.DataAnnotations.Display(Name = "Client Secret")]
    public string? ClientSecret { get; set; }
}

/// <summary>A Marketo user with an admin role, as listed for Send Invite.</summary>
public sealed record MarketoAdminRow(string UserId, string Email, string? FirstName, string? LastName, bool AlreadyMember);

/// <summary>What the Actions Config page shows for a verified account.</summary>
public sealed record ActionsConfigView(
    Guid AccountId,
    string AccountName,
    string MunchkinId,
    IReadOnlyList<MarketoAdminRow> Admins,
    string? AdminsErrorKey,
    string? ClientId,
    bool ShowIntegrationInformation);

/// <param name="InvitedEmails">The addresses invited now (the dev mailbox lets the browser that sent them read them).</param>
public sealed record SendInviteResult(int Invited, int Skipped, bool NothingSelected, IReadOnlyList<string>? InvitedEmails = null);

/// <summary>
/// Step 1 (Actions Config): verifies a Marketo subscription's API credentials live, creates or re-opens its
/// Sales account, and invites its Marketo admins. The account's rows are read and written in a service scope
/// entered for that account, because the visitor's request may act for no account (or the sandbox's).
/// </summary>
public sealed partial class ActionsConfigService(
    IServiceScopeFactory scopes,
    IMarketoClientFactory marketo,
    MarketoTokenCache tokens,
    ActionsConfigRateLimiter rateLimiter,
    IOptions<ActionsConfigOptions> options,
    IOptions<SandboxOptions> sandbox,
    TimeProvider clock,
    IServiceProvider services,
    ILogger<ActionsConfigService> logger)
{
    /// <summary>In sandbox mode, the simulator's seeded subscription and API user, to pre-fill the form; otherwise null.</summary>
    public ActionsConfigInput? SandboxCredentials()
    {
        if (!sandbox.Value.Enabled || services.GetService<SalesInsightActions.Simulators.SimulatorOptions>() is not { } simulators)
        {
            return null;
        }

        return new ActionsConfigInput { MunchkinId = sandbox.Value.MunchkinId, ClientId = simulators.Marketo.ClientId, ClientSecret = simulators.Marketo.ClientSecret };
    }

    public static string Normalize(string? value) => (value ?? "").Trim();

    public static bool LooksLikeMunchkinId(string munchkinId) => MunchkinIdShape().IsMatch(munchkinId);

    /// <summary>The subscription's REST base URL; in sandbox mode the simulator's own subscription answers under this app.</summary>
    public Uri EndpointFor(string munchkinId, HttpRequest request)
    {
        var requestBase = $"{request.Scheme}://{request.Host}{request.PathBase}";
        if (sandbox.Value.Enabled && string.Equals(munchkinId, sandbox.Value.MunchkinId, StringComparison.OrdinalIgnoreCase))
        {
            return new Uri($"{requestBase}{sandbox.Value.PathPrefix}/");
        }

        return new Uri(options.Value.EndpointTemplate
            .Replace("{requestBase}", requestBase, StringComparison.Ordinal)
            .Replace("{munchkinId}", Uri.EscapeDataString(munchkinId), StringComparison.Ordinal));
    }

    public async Task<VerifyResult> VerifyAsync(string munchkinIdInput, string clientIdInput, string clientSecretInput, string clientAddress, HttpRequest request, CancellationToken ct)
    {
        var munchkinId = Normalize(munchkinIdInput).ToUpperInvariant();
        if (rateLimiter.TryAcquire(clientAddress, munchkinId) is { } wait)
        {
            logger.LogWarning("Actions Config check refused by the rate limit for Munchkin {MunchkinId}", munchkinId);
            return new VerifyResult(VerifyFailure.RateLimited, Detail: Math.Max(1, (int)Math.Ceiling(wait.TotalMinutes)).ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        var connection = new MarketoConnection(EndpointFor(munchkinId, request), Normalize(clientIdInput), Normalize(clientSecretInput));
        var failure = await CheckLiveAsync(connection, ct);
        if (failure.Failure != VerifyFailure.None)
        {
            logger.LogInformation("Actions Config check failed for Munchkin {MunchkinId}: {Failure} {Detail}", munchkinId, failure.Failure, failure.Detail);
            return failure;
        }

        return await ProvisionAsync(munchkinId, connection, ct);
    }

    private async Task<VerifyResult> CheckLiveAsync(MarketoConnection connection, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(options.Value.VerifyTimeout);
        // Tried once, no back-off: the person is waiting for the answer, and "unreachable" must come at once, not after retries.
        var client = marketo.CreateForCredentialCheck(connection);
        try
        {
            // A fresh identity call, never a cached token: a token cached by an earlier good check of the same client id
            // would otherwise let any secret pass.
            await tokens.VerifyAsync(connection, timeout.Token);
            // The identity call proves the id/secret; a User Management call proves the permission we need to list admins.
            await client.GetUsersAsync(timeout.Token);
            return new VerifyResult(VerifyFailure.None);
        }
        catch (MarketoAuthenticationException e) when (e.HttpStatus == StatusCodes.Status404NotFound)
        {
            return new VerifyResult(VerifyFailure.UnknownMunchkinId);
        }
        catch (MarketoAuthenticationException)
        {
            return new VerifyResult(VerifyFailure.WrongCredentials);
        }
        catch (MarketoApiException e) when (e.ErrorCode == "603" || e.HttpStatus == StatusCodes.Status403Forbidden)
        {
            return new VerifyResult(VerifyFailure.MissingUserManagementPermission);
        }
        catch (MarketoApiException e) when (e.HttpStatus >= StatusCodes.Status500InternalServerError)
        {
            // Marketo's host answered but its service did not (503 and the like): unreachable as far as the person can tell.
            return new VerifyResult(VerifyFailure.Unreachable);
        }
        catch (MarketoApiException e)
        {
            return new VerifyResult(VerifyFailure.MarketoRefused, Detail: e.ErrorCode);
        }
        catch (HttpRequestException e) when (e.InnerException is SocketException { SocketErrorCode: SocketError.HostNotFound })
        {
            return new VerifyResult(VerifyFailure.UnknownMunchkinId);
        }
        catch (HttpRequestException)
        {
            return new VerifyResult(VerifyFailure.Unreachable);
        }
        catch (Exception e) when (e is OperationCanceledException or Polly.Timeout.TimeoutRejectedException && !ct.IsCancellationRequested)
        {
            // The check's own timeout, a connect timeout or an attempt timeout: Marketo did not answer in time.
            return new VerifyResult(VerifyFailure.Unreachable);
        }
    }

    private async Task<VerifyResult> ProvisionAsync(string munchkinId, MarketoConnection connection, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var account = await db.SalesAccounts.FirstOrDefaultAsync(a => a.MunchkinId == munchkinId, ct);
        var created = account is null;
        if (account is null)
        {
            account = new SalesAccount
            {
                Name = munchkinId,
                MunchkinId = munchkinId,
                CreatedAt = clock.GetUtcNow().UtcDateTime,
                // The original user must get in before any Salesforce connection exists (step 2).
                LoginManagement = LoginManagement.AllLoginMethods,
            };
            db.SalesAccounts.Add(account);
        }

        scope.ServiceProvider.GetRequiredService<AccountScope>().Enter(account.Id);
        await scope.ServiceProvider.GetRequiredService<ActionsConfigCredentialStore>().StageAsync(connection, munchkinId, ct);
        scope.ServiceProvider.GetRequiredService<AuditTrail>().Add(AuditActions.AccountProvisioned, AuditOutcome.Succeeded, munchkinId,
            created ? "Sales account created from Actions Config" : "Actions Config re-opened with verified API credentials");
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException) when (created)
        {
            // Another browser created the account for this Munchkin ID a moment ago: re-open it instead.
            return await ProvisionAsync(munchkinId, connection, ct);
        }

        logger.LogInformation("Actions Config verified Munchkin {MunchkinId}: Sales account {SalesAccountId} {Outcome}", munchkinId, account.Id, created ? "created" : "re-opened");
        return new VerifyResult(VerifyFailure.None, account.Id, created);
    }

    public async Task<ActionsConfigView?> LoadAsync(ActionsConfigVisitor visitor, CancellationToken ct)
    {
        await using var scope = ScopeFor(visitor.AccountId, out var db);
        var account = await db.SalesAccounts.AsNoTracking().FirstOrDefaultAsync(a => a.Id == visitor.AccountId, ct);
        if (account is null)
        {
            return null;
        }

        var credentials = scope.ServiceProvider.GetRequiredService<ActionsConfigCredentialStore>();
        var row = await credentials.GetRowAsync(ct);
        var anyoneInvited = await db.Members.AnyAsync(ct);
        IReadOnlyList<MarketoAdminRow> admins = [];
        string? adminsError = null;
        if (await credentials.GetConnectionAsync(ct) is { } connection)
        {
            try
            {
                var members = (await db.Members.Select(m => m.NormalizedEmail).ToListAsync(ct)).ToHashSet();
                admins = [.. (await ListAdminsAsync(connection, ct)).Select(a => a with { AlreadyMember = members.Contains(EmailAddress.Key(a.Email)) })];
            }
            catch (Exception e) when (e is MarketoApiException or HttpRequestException or OperationCanceledException && !ct.IsCancellationRequested)
            {
                logger.LogWarning(e, "Could not list the Marketo admins of Sales account {SalesAccountId}", visitor.AccountId);
                adminsError = "Marketo's user list could not be read just now. Reload the page in a minute.";
            }
        }
        else
        {
            adminsError = "Enter the subscription's API credentials above to list its Marketo admins.";
        }

        return new ActionsConfigView(account.Id, account.Name, account.MunchkinId, admins, adminsError, row?.ClientId, anyoneInvited && row is not null);
    }

    /// <summary>Invites the ticked Marketo admins as admins of the account; the first person ever invited becomes the original user.</summary>
    public async Task<SendInviteResult> SendInviteAsync(ActionsConfigVisitor visitor, IReadOnlyCollection<string> userIds, Func<string, Uri> linkForToken, CancellationToken ct)
    {
        if (userIds.Count == 0)
        {
            return new SendInviteResult(0, 0, NothingSelected: true);
        }

        await using var scope = ScopeFor(visitor.AccountId, out _);
        var connection = await scope.ServiceProvider.GetRequiredService<ActionsConfigCredentialStore>().GetConnectionAsync(ct)
            ?? throw new InvalidOperationException("Send Invite needs verified API credentials.");
        // Only people Marketo itself lists as admins can be invited here, whatever the form posted.
        var ticked = userIds.ToHashSet(StringComparer.OrdinalIgnoreCase);
        var admins = (await ListAdminsAsync(connection, ct)).Where(a => ticked.Contains(a.UserId)).ToList();
        var requests = admins.Select((a, i) => new InviteRequest(i + 1, a.Email, a.FirstName, a.LastName, Role: "admin")).ToList();
        if (requests.Count == 0)
        {
            return new SendInviteResult(0, 0, NothingSelected: true);
        }

        var result = await scope.ServiceProvider.GetRequiredService<InvitationService>()
            .InviteAsync(requests, linkForToken, visitor.MemberId, ct, firstInviteeIsOriginalUser: true);
        var invited = result.Verdicts.Where(v => v.WillInvite).Select(v => v.Request.Email).ToList();
        if (invited.Count > 0)
        {
            // InviteAsync commits its own transaction; the audit entry follows it.
            await scope.ServiceProvider.GetRequiredService<AuditTrail>().RecordAsync(AuditActions.MembersInvited, AuditOutcome.Succeeded,
                string.Join(", ", invited), "Invited as Admin from Actions Config", ct);
        }

        return new SendInviteResult(result.InvitedCount, result.SkippedCount, NothingSelected: false, invited);
    }

    /// <summary>The stored client secret, for the Integration Information card's reveal button; null when there is none to show.</summary>
    public async Task<string?> RevealSecretAsync(ActionsConfigVisitor visitor, CancellationToken ct)
    {
        await using var scope = ScopeFor(visitor.AccountId, out var db);
        var credentials = scope.ServiceProvider.GetRequiredService<ActionsConfigCredentialStore>();
        if (await credentials.GetRowAsync(ct) is not { } row || !await db.Members.AnyAsync(ct))
        {
            return null;
        }

        logger.LogInformation("Client secret of Sales account {SalesAccountId} revealed on Actions Config", visitor.AccountId);
        return credentials.RevealSecret(row);
    }

    private async Task<IReadOnlyList<MarketoAdminRow>> ListAdminsAsync(MarketoConnection connection, CancellationToken ct)
    {
        var admins = await marketo.Create(connection).GetAdminUsersAsync(ct);
        return [.. admins
            .Where(a => !string.IsNullOrWhiteSpace(a.User.EmailAddress))
            .OrderBy(a => a.User.EmailAddress, StringComparer.OrdinalIgnoreCase)
            .Select(a => new MarketoAdminRow(a.User.Userid, a.User.EmailAddress!, a.User.FirstName, a.User.LastName, false))];
    }

    private AsyncServiceScope ScopeFor(Guid accountId, out AppDbContext db)
    {
        var scope = scopes.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<AccountScope>().Enter(accountId);
        db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        return scope;
    }

    [GeneratedRegex("^[0-9]{3}-[A-Z]{3}-[0-9]{3}$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex MunchkinIdShape();
}
