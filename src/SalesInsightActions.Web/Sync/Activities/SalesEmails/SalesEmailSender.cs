using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SalesInsightActions.Web.Data;
using SalesInsightActions.Web.Email;
using SalesInsightActions.Web.Sync.Activities.EmailTemplates;
using SalesInsightActions.Web.Users.Invitations;

namespace SalesInsightActions.Web.Sync.Activities.SalesEmails;

/// <summary>What a rep entered in Send email.</summary>
/// <param name="TemplateId">The template the rep started from, if any: its name is recorded on the activity.</param>
public sealed record SendEmailInput(string? Subject, string? Body, string? IdempotencyKey, string? TemplateId = null);

public enum SendEmailResult
{
    /// <summary>Queued in the outbox, with its Send Sales Email activity.</summary>
    Sent,

    /// <summary>The same form was posted twice (same idempotency key): the first one stands.</summary>
    AlreadySent,
    PersonNotFound,
    PersonHasNoEmail,
    SubjectMissing,
    SubjectTooLong,
    BodyMissing,
    BodyTooLong,

    /// <summary>The chosen template no longer exists (deleted meanwhile) or is not this account's.</summary>
    TemplateNotFound,

    /// <summary>The subject or body has a <c>{{…}}</c> that is not a placeholder.</summary>
    UnknownPlaceholder,

    /// <summary>The person unsubscribed from sales emails.</summary>
    PersonUnsubscribed,
}

/// <summary>
/// Send email on a person's page: the message goes into the outbox (delivered by the outbox dispatcher through the
/// mail server), and its tracking record and Send Sales Email activity are stored in the same transaction, so an email
/// is never sent without its activity nor recorded without being sent.
/// </summary>
public sealed partial class SalesEmailSender(
    AppDbContext db,
    AccountScope scope,
    SalesActivityRecorder recorder,
    Email.OutboxBodies bodies,
    IOptions<SalesEmailOptions> options,
    IOptions<SmtpOptions> smtp,
    TimeProvider clock,
    Microsoft.Extensions.Localization.IStringLocalizer<SharedResource> localizer,
    ILogger<SalesEmailSender> logger)
{
    /// <summary>The placeholder the last refused send stumbled on (for the page's message).</summary>
    public string? UnknownPlaceholder { get; private set; }

    public async Task<SendEmailResult> SendAsync(long personMarketoId, Guid memberId, SendEmailInput input, Uri publicBaseUrl, CancellationToken ct)
    {
        var subject = string.IsNullOrWhiteSpace(input.Subject) ? null : input.Subject.ReplaceLineEndings(" ").Trim();
        var body = string.IsNullOrWhiteSpace(input.Body) ? null : input.Body.Trim();
        var problem = subject is null ? SendEmailResult.SubjectMissing
            : subject.Length > SalesEmail.SubjectLength ? SendEmailResult.SubjectTooLong
            : body is null ? SendEmailResult.BodyMissing
            : body.Length > SalesEmail.BodyLength ? SendEmailResult.BodyTooLong
            : (SendEmailResult?)null;
        if (problem is { } refused)
        {
            return refused;
        }

        if (EmailPlaceholders.FirstUnknown(subject, body) is { } unknown)
        {
            UnknownPlaceholder = unknown;
            return SendEmailResult.UnknownPlaceholder;
        }

        string? templateName = null;
        if (!string.IsNullOrWhiteSpace(input.TemplateId))
        {
            templateName = Guid.TryParse(input.TemplateId, out var templateId)
                ? await db.Set<EmailTemplate>().Where(t => t.Id == templateId).Select(t => t.Name).FirstOrDefaultAsync(ct)
                : null;
            if (templateName is null)
            {
                return SendEmailResult.TemplateNotFound;
            }
        }

        var person = await db.People.AsNoTracking().FirstOrDefaultAsync(p => p.MarketoId == personMarketoId, ct);
        if (person is null)
        {
            return SendEmailResult.PersonNotFound;
        }

        if (string.IsNullOrWhiteSpace(person.Email) || !System.Net.Mail.MailAddress.TryCreate(person.Email.Trim(), out _))
        {
            return SendEmailResult.PersonHasNoEmail;
        }

        if (await db.EmailOptOuts.AnyAsync(o => o.PersonMarketoId == personMarketoId, ct))
        {
            return SendEmailResult.PersonUnsubscribed;
        }

        var key = SalesActivityRecorder.NormalizeKey(input.IdempotencyKey);
        if (await db.SalesActivities.AnyAsync(a => a.IdempotencyKey == key, ct))
        {
            return SendEmailResult.AlreadySent;
        }

        var accountId = scope.AccountId!.Value;
        var member = await db.Members.AsNoTracking().FirstAsync(m => m.Id == memberId, ct);
        var memberName = $"{member.FirstName} {member.LastName}".Trim();

        // Filled in for this recipient as plain text; the body is HTML-encoded when composed, values included.
        var values = new PlaceholderValues(person.FirstName, person.LastName, person.Company, person.Title, memberName.Length > 0 ? memberName : member.Email, member.Email);
        subject = EmailPlaceholders.Render(subject!, values).Trim();
        body = EmailPlaceholders.Render(body!, values).Trim();
        if (subject.Length == 0 || body.Length == 0 || subject.Length > SalesEmail.SubjectLength || body.Length > SalesEmail.BodyLength)
        {
            return subject.Length == 0 ? SendEmailResult.SubjectMissing
                : body.Length == 0 ? SendEmailResult.BodyMissing
                : subject.Length > SalesEmail.SubjectLength ? SendEmailResult.SubjectTooLong
                : SendEmailResult.BodyTooLong;
        }

        var token = SalesEmail.NewToken();
        var baseUrl = publicBaseUrl.AbsoluteUri.TrimEnd('/');
        var composed = SalesEmailBody.Compose(body!, i => $"{baseUrl}/email/{token}/link/{i}", $"{baseUrl}/email/{token}/open.gif",
            new UnsubscribeFooter($"{baseUrl}/email/{token}/unsubscribe", localizer["Unsubscribe from these emails"]));
        var now = clock.GetUtcNow().UtcDateTime;
        var asMember = options.Value.From == SalesEmailFrom.Member;
        var outbox = new OutboxEmail
        {
            SalesAccountId = accountId,
            ToAddress = person.Email.Trim(),
            ToName = Cut($"{person.FirstName} {person.LastName}".Trim(), 200) is { Length: > 0 } toName ? toName : null,
            Subject = subject!,
            HtmlBody = composed.Html,
            TextBody = composed.Text,
            MessageId = InvitationEmailComposer.NewMessageId(smtp.Value.FromAddress),
            FromAddress = asMember ? member.Email : null,
            FromName = Cut(asMember ? (memberName.Length > 0 ? memberName : member.Email) : $"{(memberName.Length > 0 ? memberName : member.Email)} via {smtp.Value.FromName}", 200),
            ReplyToAddress = asMember ? null : member.Email,
            ListUnsubscribe = $"{baseUrl}/email/{token}/unsubscribe/one-click",
            State = OutboxEmailState.Pending,
            CreatedAt = now,
            NextAttemptAt = now,
        };
        var email = new SalesEmail
        {
            SalesAccountId = accountId,
            PersonMarketoId = personMarketoId,
            MemberId = memberId,
            OutboxEmailId = outbox.Id,
            MessageId = outbox.MessageId,
            TokenHash = SalesEmail.Hash(token),
            Subject = subject!,
            TemplateName = templateName,
            Links = JsonSerializer.Serialize(composed.Links),
            CreatedAt = now,
        };
        // Sealed like invitations: the body carries the tracking token, which must not sit in the database in clear.
        db.OutboxEmails.Add(bodies.Seal(outbox));
        db.SalesEmails.Add(email);
        var payload = new SalesActivityPayload { Subject = subject, TemplateName = templateName, SentBy = member.Email, EmailId = email.Id };

        // One SaveChanges commits the outbox row, the email and its activity together.
        if (!await recorder.RecordAsync(SalesActivityKind.SendSalesEmail, personMarketoId, memberId, payload, key, ct))
        {
            db.Entry(outbox).State = EntityState.Detached;
            db.Entry(email).State = EntityState.Detached;
            return SendEmailResult.AlreadySent;
        }

        LogQueued(accountId, email.Id, outbox.Id);
        return SendEmailResult.Sent;
    }

    private static string Cut(string text, int max) => text.Length <= max ? text : text[..max];

    [LoggerMessage(Level = LogLevel.Information, Message = "Queued sales email {SalesEmailId} of account {SalesAccountId} as outbox email {OutboxEmailId}")]
    private partial void LogQueued(Guid salesAccountId, Guid salesEmailId, Guid outboxEmailId);
}

/// <summary>The address people reach the app at, for links in emails: Invitations:PublicBaseUrl, else the request's own.</summary>
public static class PublicAddress
{
    public static Uri Of(HttpRequest request)
    {
        var configured = request.HttpContext.RequestServices.GetRequiredService<IOptions<InvitationOptions>>().Value.PublicBaseUrl;
        return new Uri(string.IsNullOrWhiteSpace(configured) ? $"{request.Scheme}://{request.Host}{request.PathBase}" : configured.TrimEnd('/'));
    }
}
