using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SalesInsightActions.Web.Data;

namespace SalesInsightActions.Web.Audit;

public enum AuditOutcome
{
    Succeeded = 0,
    Failed = 1,
    Refused = 2,
}

/// <summary>One admin action on the account: who, when, what, on what, and how it ended.</summary>
public sealed class AuditEntry : IAccountOwned
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid SalesAccountId { get; set; }
    public DateTime At { get; set; }

    /// <summary>The member who acted; null for the system or for someone not signed in (Actions Config).</summary>
    public Guid? ActorMemberId { get; set; }

    /// <summary>The actor's email at the time (members can be deleted later; the log must still say who).</summary>
    public string? ActorEmail { get; set; }

    /// <summary>A stable action code from <see cref="AuditActions"/>; the page localizes it.</summary>
    public required string Action { get; set; }

    public AuditOutcome Outcome { get; set; }

    /// <summary>What was acted on, as people read it (an email address, an org id, a Munchkin ID).</summary>
    public string? Target { get; set; }

    /// <summary>Extra facts in plain words (never a secret or token).</summary>
    public string? Details { get; set; }
}

/// <summary>Action codes. Add one here per new kind of admin action (and a localized label for the audit log page).</summary>
public static class AuditActions
{
    public const string AccountProvisioned = "account.provisioned";
    public const string MembersInvited = "members.invited";
    public const string InvitationRevoked = "invitation.revoked";
    public const string InvitationResent = "invitation.resent";
    public const string MemberRoleChanged = "member.role_changed";
    public const string MemberDeactivated = "member.deactivated";
    public const string MemberReactivated = "member.reactivated";
    public const string MemberDeleted = "member.deleted";
    public const string LoginSettingsChanged = "login_settings.changed";
    public const string SalesforceConnected = "salesforce.connected";
    public const string SalesforceDisconnected = "salesforce.disconnected";
    public const string SalesforceHandoffCreated = "salesforce.handoff_created";
    public const string MarketoConnected = "marketo.connected";
    public const string MarketoDisconnected = "marketo.disconnected";
    public const string SyncStarted = "sync.started";
    public const string SyncPaused = "sync.paused";
    public const string SyncResumed = "sync.resumed";
    public const string SyncRunRequested = "sync.run_requested";
    public const string PackageChecked = "salesforce_package.checked";
    public const string ActivityWritesRetried = "activity_writes.retried";
    public const string TaskSettingsChanged = "salesforce_tasks.settings_changed";
    public const string InboundMailSecretRotated = "inbound_mail.secret_rotated";
    public const string SalesCampaignCreated = "sales_campaign.created";
    public const string SalesCampaignChanged = "sales_campaign.changed";
    public const string SalesCampaignArchived = "sales_campaign.archived";
    public const string SalesCampaignRestored = "sales_campaign.restored";
    public const string EmailTemplateCreated = "email_template.created";
    public const string EmailTemplateChanged = "email_template.changed";
    public const string EmailTemplateDeleted = "email_template.deleted";
}

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> builder)
    {
        builder.ToTable("audit_entries");
        builder.Property(e => e.ActorEmail).HasMaxLength(256);
        builder.Property(e => e.Action).HasMaxLength(64);
        builder.Property(e => e.Target).HasMaxLength(256);
        builder.Property(e => e.Details).HasMaxLength(2000);
        // The audit log page lists newest first and filters by action.
        builder.HasIndex(e => new { e.SalesAccountId, e.At });
        builder.HasIndex(e => new { e.SalesAccountId, e.Action, e.At });
    }
}
