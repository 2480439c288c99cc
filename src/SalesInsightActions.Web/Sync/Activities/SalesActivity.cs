using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SalesInsightActions.Web.Data;

namespace SalesInsightActions.Web.Sync.Activities;

/// <summary>The eight sales activity kinds the product writes back (product.md, "Activities written back").</summary>
public enum SalesActivityKind
{
    SendSalesEmail,
    OpenSalesEmail,
    ClickSalesEmail,
    RepliedToSalesEmail,
    SalesEmailBounced,
    SalesCallReceived,
    AddToSalesCampaign,
    RemovedFromSalesCampaign,
}

/// <summary>
/// Something a rep did with a synced person, stored first (in the transaction of whatever caused it) and written out
/// afterwards to each destination by the activity write job; <see cref="ActivityWrite"/> says how far each got.
/// </summary>
public sealed class SalesActivity : IAccountOwned
{
    public const int KeyLength = 64;

    public Guid SalesAccountId { get; set; }
    public Guid Id { get; set; } = Guid.NewGuid();
    public SalesActivityKind Kind { get; set; }

    /// <summary>The person (Marketo lead id) the activity is about.</summary>
    public long PersonMarketoId { get; set; }

    /// <summary>The member who did it (the sales person).</summary>
    public Guid MemberId { get; set; }

    public DateTime OccurredAt { get; set; }

    /// <summary>What the kind carries (subject, call outcome…), as JSON of <see cref="SalesActivityPayload"/>.</summary>
    public string Payload { get; set; } = "{}";

    /// <summary>Chosen by whatever produced the activity; a second activity with the same key is the same activity.</summary>
    public string IdempotencyKey { get; set; } = "";

    public DateTime CreatedAt { get; set; }

    public List<ActivityWrite> Writes { get; set; } = [];

    public SalesActivityPayload Read() => ReadPayload(Payload);

    public static SalesActivityPayload ReadPayload(string payload) => JsonSerializer.Deserialize<SalesActivityPayload>(payload, SalesActivityPayload.Json) ?? new SalesActivityPayload();

    public void Write(SalesActivityPayload payload) => Payload = JsonSerializer.Serialize(payload, SalesActivityPayload.Json);
}

/// <summary>The attributes of an activity; each kind fills what it has.</summary>
public sealed record SalesActivityPayload
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };

    public string? Subject { get; init; }
    public string? TemplateName { get; init; }
    public string? CampaignName { get; init; }
    public string? CampaignStep { get; init; }
    public string? CallOutcome { get; init; }
    public string? CallReason { get; init; }
    public int? CallDurationSeconds { get; init; }
    public string? Notes { get; init; }

    /// <summary>The member's email address at the time (Marketo's "sent by").</summary>
    public string? SentBy { get; init; }

    /// <summary>The sales email an email activity is about (its opens, clicks, reply or bounce).</summary>
    public Guid? EmailId { get; init; }

    /// <summary>The link a Click Sales Email followed.</summary>
    public string? Url { get; init; }
}

internal sealed class SalesActivityConfiguration : IEntityTypeConfiguration<SalesActivity>
{
    public void Configure(EntityTypeBuilder<SalesActivity> builder)
    {
        builder.ToTable("sales_activities");
        builder.HasKey(a => new { a.SalesAccountId, a.Id });
        builder.Property(a => a.Kind).HasConversion<string>().HasMaxLength(32);
        builder.Property(a => a.Payload).HasMaxLength(16_000);
        builder.Property(a => a.IdempotencyKey).HasMaxLength(SalesActivity.KeyLength);
        builder.HasIndex(a => new { a.SalesAccountId, a.IdempotencyKey }).IsUnique();
        // The timeline's keyset (newest first: read backwards), so a page of a person with 10k activities reads 26 index entries.
        builder.HasIndex(a => new { a.SalesAccountId, a.PersonMarketoId, a.OccurredAt, a.Id }).HasDatabaseName("ix_sales_activities_timeline");
        builder.HasMany(a => a.Writes).WithOne().HasForeignKey(w => new { w.SalesAccountId, w.ActivityId }).OnDelete(DeleteBehavior.Cascade);
    }
}

public static class SalesActivityKinds
{
    /// <summary>The kind's name as Marketo shows it (the custom activity type's name) and as the timeline labels it.</summary>
    public static string Label(SalesActivityKind kind) => kind switch
    {
        SalesActivityKind.SendSalesEmail => "Send Sales Email",
        SalesActivityKind.OpenSalesEmail => "Open Sales Email",
        SalesActivityKind.ClickSalesEmail => "Click Sales Email",
        SalesActivityKind.RepliedToSalesEmail => "Replied to Sales Email",
        SalesActivityKind.SalesEmailBounced => "Sales Email Bounced",
        SalesActivityKind.SalesCallReceived => "Sales Call Received",
        SalesActivityKind.AddToSalesCampaign => "Add to Sales Campaign",
        SalesActivityKind.RemovedFromSalesCampaign => "Removed from Sales Campaign",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };
}
