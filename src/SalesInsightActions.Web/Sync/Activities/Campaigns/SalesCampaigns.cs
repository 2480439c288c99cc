using System.Globalization;
using Microsoft.EntityFrameworkCore;
using SalesInsightActions.Web.Audit;
using SalesInsightActions.Web.Data;
using SalesInsightActions.Web.Infrastructure.Web;

namespace SalesInsightActions.Web.Sync.Activities.Campaigns;

/// <summary>One step row of the campaign form, as typed (the day is text so a bad number is a refusal, not a binding error).</summary>
public sealed record CampaignStepInput(string? Kind, string? Name, string? DayOffset, string? Description, bool Remove = false)
{
    public bool IsBlank => string.IsNullOrWhiteSpace(Name) && string.IsNullOrWhiteSpace(DayOffset) && string.IsNullOrWhiteSpace(Description);
}

public sealed record CampaignInput(string? Name, string? Description, IReadOnlyList<CampaignStepInput>? Steps);

/// <summary>Why a form was not saved: a SharedResource key and its arguments; nothing was written.</summary>
public sealed record CampaignRefusal(string Key, params object[] Args);

public sealed record CampaignSummary(Guid Id, string Name, int StepCount, int MemberCount, bool Archived);

public sealed record CampaignMemberRow(long MarketoId, string? FirstName, string? LastName, string? Email, DateTime AddedAt, string? CurrentStep);

public sealed record CampaignMembersPage(IReadOnlyList<CampaignMemberRow> Rows, string? NextCursor);

public sealed record PersonCampaign(Guid Id, string Name, DateTime AddedAt, string? CurrentStep, bool Archived);

public sealed record CampaignChoice(Guid Id, string Name);

/// <summary>A person's campaigns, and the active campaigns they could be added to.</summary>
public sealed record PersonCampaigns(IReadOnlyList<PersonCampaign> Memberships, IReadOnlyList<CampaignChoice> Available);

public enum CampaignMembershipResult
{
    Added,
    Removed,
    PersonNotFound,

    /// <summary>No such campaign in this account (another account's id is not found either).</summary>
    CampaignNotFound,
    CampaignMissing,
    CampaignArchived,
    AlreadyMember,
    NotMember,
}

/// <summary>
/// Sales campaigns: admins keep the list (Settings → Sales campaigns); any member adds a person to a campaign or removes
/// them on the person's page. A membership change and its Add to / Removed from Sales Campaign activity are one
/// SaveChanges through <see cref="SalesActivityRecorder"/>, so the background writers send what was recorded, and only that.
/// </summary>
public sealed partial class SalesCampaigns(AppDbContext db, SalesActivityRecorder recorder, AuditTrail audit, TimeProvider clock, ILogger<SalesCampaigns> logger)
{
    public const int MembersPageSize = 50;

    public async Task<IReadOnlyList<CampaignSummary>> ListAsync(CancellationToken ct) =>
        await db.Set<SalesCampaign>().AsNoTracking()
            .OrderBy(c => c.ArchivedAt != null).ThenBy(c => c.Name)
            .Select(c => new CampaignSummary(c.Id, c.Name, c.Steps.Count, c.Members.Count, c.ArchivedAt != null))
            .ToListAsync(ct);

    /// <summary>The campaign with its steps in order; null when this account has no such campaign.</summary>
    public async Task<SalesCampaign?> FindAsync(Guid id, CancellationToken ct)
    {
        var campaign = await db.Set<SalesCampaign>().AsNoTracking().Include(c => c.Steps).FirstOrDefaultAsync(c => c.Id == id, ct);
        campaign?.Steps.Sort((a, b) => a.Position.CompareTo(b.Position));
        return campaign;
    }

    public async Task<(Guid? Id, CampaignRefusal? Refusal)> CreateAsync(CampaignInput input, CancellationToken ct)
    {
        if (await ValidateAsync(input, null, ct) is { } refused)
        {
            return (null, refused);
        }

        var (name, description, steps) = Clean(input);
        var now = clock.GetUtcNow().UtcDateTime;
        var campaign = new SalesCampaign { Name = name, Description = description, CreatedAt = now, UpdatedAt = now };
        campaign.Steps.AddRange(steps);
        db.Add(campaign);
        audit.Add(AuditActions.SalesCampaignCreated, target: name, details: Describe(steps));
        await db.SaveChangesAsync(ct);
        LogChanged("created", campaign.Id);
        return (campaign.Id, null);
    }

    /// <summary>Saves the name, description and steps; false when there is no such campaign.</summary>
    public async Task<(bool Found, CampaignRefusal? Refusal)> SaveAsync(Guid id, CampaignInput input, CancellationToken ct)
    {
        var campaign = await db.Set<SalesCampaign>().Include(c => c.Steps).FirstOrDefaultAsync(c => c.Id == id, ct);
        if (campaign is null)
        {
            return (false, null);
        }

        if (await ValidateAsync(input, id, ct) is { } refused)
        {
            return (true, refused);
        }

        var (name, description, steps) = Clean(input);
        campaign.Name = name;
        campaign.Description = description;
        campaign.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        // Steps are small and replaced as a whole: the form is the list in its new order.
        db.RemoveRange(campaign.Steps);
        campaign.Steps.Clear();
        campaign.Steps.AddRange(steps);
        audit.Add(AuditActions.SalesCampaignChanged, target: name, details: Describe(steps));
        await db.SaveChangesAsync(ct);
        LogChanged("changed", id);
        return (true, null);
    }

    /// <summary>Archives (or restores) a campaign; false when there is no such campaign.</summary>
    public async Task<bool> SetArchivedAsync(Guid id, bool archived, CancellationToken ct)
    {
        var campaign = await db.Set<SalesCampaign>().FirstOrDefaultAsync(c => c.Id == id, ct);
        if (campaign is null)
        {
            return false;
        }

        if ((campaign.ArchivedAt is not null) != archived)
        {
            var now = clock.GetUtcNow().UtcDateTime;
            campaign.ArchivedAt = archived ? now : null;
            campaign.UpdatedAt = now;
            audit.Add(archived ? AuditActions.SalesCampaignArchived : AuditActions.SalesCampaignRestored, target: campaign.Name);
            await db.SaveChangesAsync(ct);
            LogChanged(archived ? "archived" : "restored", id);
        }

        return true;
    }

    /// <summary>A page of the campaign's members, newest first, keyset-paginated like the audit log.</summary>
    public async Task<CampaignMembersPage> MembersPageAsync(SalesCampaign campaign, string? cursor, CancellationToken ct)
    {
        var members = db.Set<SalesCampaignMembership>().AsNoTracking().Where(m => m.CampaignId == campaign.Id);
        if (KeysetCursor.TryParseLong(cursor, out var at, out var personId))
        {
            // Keyset: strictly older than the last row shown, the person's id breaking ties between equal times. The
            // bound (AddedAt <= at) lets the index start at the cursor instead of reading every newer member first.
            members = members.Where(m => m.AddedAt <= at && (m.AddedAt < at || m.PersonMarketoId < personId));
        }

        var rows = await (
                from m in members.OrderByDescending(m => m.AddedAt).ThenByDescending(m => m.PersonMarketoId).Take(MembersPageSize + 1)
                join p in db.People.AsNoTracking() on m.PersonMarketoId equals p.MarketoId into people
                from p in people.DefaultIfEmpty()
                orderby m.AddedAt descending, m.PersonMarketoId descending
                select new { m.PersonMarketoId, m.AddedAt, FirstName = p == null ? null : p.FirstName, LastName = p == null ? null : p.LastName, Email = p == null ? null : p.Email })
            .ToListAsync(ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var page = rows.Take(MembersPageSize)
            .Select(r => new CampaignMemberRow(r.PersonMarketoId, r.FirstName, r.LastName, r.Email, r.AddedAt, CurrentStep(campaign.Steps, r.AddedAt, now)?.Name))
            .ToList();
        var next = rows.Count > MembersPageSize ? Cursor(rows[MembersPageSize - 1].AddedAt, rows[MembersPageSize - 1].PersonMarketoId) : null;
        return new CampaignMembersPage(page, next);
    }

    /// <summary>For the person's page, in one query: the campaigns they are in, and the active ones they could join.</summary>
    public async Task<PersonCampaigns> ForPersonAsync(long personMarketoId, CancellationToken ct)
    {
        var rows = await db.Set<SalesCampaign>().AsNoTracking()
            .Where(c => c.ArchivedAt == null || c.Members.Any(m => m.PersonMarketoId == personMarketoId))
            .OrderBy(c => c.Name)
            .Select(c => new
            {
                c.Id,
                c.Name,
                Archived = c.ArchivedAt != null,
                AddedAt = c.Members.Where(m => m.PersonMarketoId == personMarketoId).Select(m => (DateTime?)m.AddedAt).FirstOrDefault(),
                Steps = c.Steps.OrderBy(s => s.Position).Select(s => new { s.Name, s.DayOffset }).ToList(),
            })
            .ToListAsync(ct);
        var now = clock.GetUtcNow().UtcDateTime;
        return new PersonCampaigns(
            [.. rows.Where(r => r.AddedAt is not null).Select(r => new PersonCampaign(r.Id, r.Name, r.AddedAt!.Value, CurrentStep([.. r.Steps.Select(s => new SalesCampaignStep { Name = s.Name, DayOffset = s.DayOffset })], r.AddedAt.Value, now)?.Name, r.Archived))],
            [.. rows.Where(r => r.AddedAt is null && !r.Archived).Select(r => new CampaignChoice(r.Id, r.Name))]);
    }

    /// <summary>Adds the person to an active campaign and records Add to Sales Campaign (with its first step), together.</summary>
    public async Task<CampaignMembershipResult> AddAsync(long personMarketoId, string? campaignId, Guid memberId, CancellationToken ct)
    {
        if (!await db.People.AnyAsync(p => p.MarketoId == personMarketoId, ct))
        {
            return CampaignMembershipResult.PersonNotFound;
        }

        if (string.IsNullOrWhiteSpace(campaignId))
        {
            return CampaignMembershipResult.CampaignMissing;
        }

        if (!Guid.TryParse(campaignId, out var id) || await FindAsync(id, ct) is not { } campaign)
        {
            return CampaignMembershipResult.CampaignNotFound;
        }

        if (campaign.ArchivedAt is not null)
        {
            return CampaignMembershipResult.CampaignArchived;
        }

        if (await db.Set<SalesCampaignMembership>().AnyAsync(m => m.CampaignId == id && m.PersonMarketoId == personMarketoId, ct))
        {
            return CampaignMembershipResult.AlreadyMember;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var membership = new SalesCampaignMembership
        {
            SalesAccountId = campaign.SalesAccountId, CampaignId = id, PersonMarketoId = personMarketoId, AddedByMemberId = memberId, AddedAt = now,
        };
        db.Add(membership);
        var payload = await PayloadAsync(campaign, now, now, memberId, ct);
        try
        {
            // The recorder's SaveChanges commits the membership with the activity.
            await recorder.RecordAsync(SalesActivityKind.AddToSalesCampaign, personMarketoId, memberId, payload, null, ct, now);
        }
        catch (DbUpdateException)
        {
            // Two reps added the same person at the same moment: the key refused the second.
            if (await RaceLostAsync(id, personMarketoId, expectMember: true, ct))
            {
                return CampaignMembershipResult.AlreadyMember;
            }

            throw;
        }

        LogMembership("added to", personMarketoId, id);
        return CampaignMembershipResult.Added;
    }

    /// <summary>Removes the person from the campaign and records Removed from Sales Campaign (with the step they had reached), together.</summary>
    public async Task<CampaignMembershipResult> RemoveAsync(long personMarketoId, string? campaignId, Guid memberId, CancellationToken ct)
    {
        if (!await db.People.AnyAsync(p => p.MarketoId == personMarketoId, ct))
        {
            return CampaignMembershipResult.PersonNotFound;
        }

        if (!Guid.TryParse(campaignId, out var id) || await FindAsync(id, ct) is not { } campaign)
        {
            return CampaignMembershipResult.CampaignNotFound;
        }

        var membership = await db.Set<SalesCampaignMembership>().FirstOrDefaultAsync(m => m.CampaignId == id && m.PersonMarketoId == personMarketoId, ct);
        if (membership is null)
        {
            return CampaignMembershipResult.NotMember;
        }

        db.Remove(membership);
        var now = clock.GetUtcNow().UtcDateTime;
        var payload = await PayloadAsync(campaign, membership.AddedAt, now, memberId, ct);
        try
        {
            await recorder.RecordAsync(SalesActivityKind.RemovedFromSalesCampaign, personMarketoId, memberId, payload, null, ct, now);
        }
        catch (DbUpdateConcurrencyException)
        {
            // Someone else removed them a moment earlier; their removal was recorded.
            if (await RaceLostAsync(id, personMarketoId, expectMember: false, ct))
            {
                return CampaignMembershipResult.NotMember;
            }

            throw;
        }

        LogMembership("removed from", personMarketoId, id);
        return CampaignMembershipResult.Removed;
    }

    /// <summary>The step a member added at <paramref name="addedAt"/> has reached: the last one whose day has come (the first before that).</summary>
    public static SalesCampaignStep? CurrentStep(IReadOnlyList<SalesCampaignStep> stepsInOrder, DateTime addedAt, DateTime now)
    {
        var days = Math.Max(0, (int)(now - addedAt).TotalDays);
        return stepsInOrder.LastOrDefault(s => s.DayOffset <= days) ?? stepsInOrder.FirstOrDefault();
    }

    private async Task<SalesActivityPayload> PayloadAsync(SalesCampaign campaign, DateTime addedAt, DateTime now, Guid memberId, CancellationToken ct) => new()
    {
        // Also the subject, so the Task of a campaign change reads "Add to Sales Campaign: <campaign>" with the default template.
        Subject = campaign.Name,
        CampaignName = campaign.Name,
        CampaignStep = CurrentStep(campaign.Steps, addedAt, now)?.Name,
        SentBy = await db.Members.Where(m => m.Id == memberId).Select(m => m.Email).FirstOrDefaultAsync(ct),
    };

    /// <summary>After a failed SaveChanges: true (and the context cleaned) when another request made the same change first.</summary>
    private async Task<bool> RaceLostAsync(Guid campaignId, long personMarketoId, bool expectMember, CancellationToken ct)
    {
        foreach (var entry in db.ChangeTracker.Entries().Where(e => e.State is EntityState.Added or EntityState.Deleted or EntityState.Modified).ToList())
        {
            entry.State = EntityState.Detached;
        }

        var isMember = await db.Set<SalesCampaignMembership>().AnyAsync(m => m.CampaignId == campaignId && m.PersonMarketoId == personMarketoId, ct);
        return isMember == expectMember;
    }

    private async Task<CampaignRefusal?> ValidateAsync(CampaignInput input, Guid? id, CancellationToken ct)
    {
        var name = input.Name?.Trim() ?? "";
        var description = input.Description?.Trim();
        if (name.Length == 0)
        {
            return new CampaignRefusal("The campaign was not saved: enter its name.");
        }

        if (name.Length > SalesCampaign.NameLength)
        {
            return new CampaignRefusal("The campaign was not saved: the name can be at most {0} characters long.", SalesCampaign.NameLength);
        }

        if (description?.Length > SalesCampaign.DescriptionLength)
        {
            return new CampaignRefusal("The campaign was not saved: the description can be at most {0} characters long.", SalesCampaign.DescriptionLength);
        }

        var steps = (input.Steps ?? []).Where(s => !s.Remove && !s.IsBlank).ToList();
        if (steps.Count == 0)
        {
            return new CampaignRefusal("The campaign was not saved: give it at least one step (a kind, a name and the day it is due).");
        }

        if (steps.Count > SalesCampaign.MaxSteps)
        {
            return new CampaignRefusal("The campaign was not saved: a campaign can have at most {0} steps.", SalesCampaign.MaxSteps);
        }

        foreach (var (step, i) in steps.Select((s, i) => (s, i + 1)))
        {
            if (!Enum.TryParse<CampaignStepKind>(step.Kind, ignoreCase: true, out var kind) || !Enum.IsDefined(kind))
            {
                return new CampaignRefusal("The campaign was not saved: choose Email, Call or Other as the kind of step {0}.", i);
            }

            if (string.IsNullOrWhiteSpace(step.Name))
            {
                return new CampaignRefusal("The campaign was not saved: enter a name for step {0}.", i);
            }

            if (step.Name.Trim().Length > SalesCampaignStep.NameLength)
            {
                return new CampaignRefusal("The campaign was not saved: the name of step {0} can be at most {1} characters long.", i, SalesCampaignStep.NameLength);
            }

            if (!int.TryParse(step.DayOffset?.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var day) || day > SalesCampaignStep.MaxDayOffset)
            {
                return new CampaignRefusal("The campaign was not saved: enter the day of step {0} as a whole number from 0 to {1}.", i, SalesCampaignStep.MaxDayOffset);
            }

            if (step.Description?.Trim().Length > SalesCampaignStep.DescriptionLength)
            {
                return new CampaignRefusal("The campaign was not saved: the description of step {0} can be at most {1} characters long.", i, SalesCampaignStep.DescriptionLength);
            }
        }

        if (await db.Set<SalesCampaign>().AnyAsync(c => c.Name == name && c.Id != id, ct))
        {
            return new CampaignRefusal("The campaign was not saved: there is already a campaign named \"{0}\". Choose another name.", name);
        }

        return null;
    }

    /// <summary>The input as stored: trimmed, blank and removed rows dropped, steps ordered by their day (ties keep the form's order).</summary>
    private static (string Name, string? Description, List<SalesCampaignStep> Steps) Clean(CampaignInput input)
    {
        var steps = (input.Steps ?? []).Where(s => !s.Remove && !s.IsBlank)
            .Select(s => new SalesCampaignStep
            {
                Kind = Enum.Parse<CampaignStepKind>(s.Kind!, ignoreCase: true),
                Name = s.Name!.Trim(),
                DayOffset = int.Parse(s.DayOffset!.Trim(), CultureInfo.InvariantCulture),
                Description = string.IsNullOrWhiteSpace(s.Description) ? null : s.Description.Trim(),
            })
            .OrderBy(s => s.DayOffset)
            .ToList();
        for (var i = 0; i < steps.Count; i++)
        {
            steps[i].Position = i;
        }

        var description = input.Description?.Trim();
        return (input.Name!.Trim(), string.IsNullOrEmpty(description) ? null : description, steps);
    }

    private static string Describe(IEnumerable<SalesCampaignStep> steps) =>
        "steps: " + string.Join("; ", steps.Select(s => $"day {s.DayOffset} {s.Kind} {s.Name}"));

    private static string Cursor(DateTime at, long personId) => KeysetCursor.Format(at, personId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Sales campaign {CampaignId} {Change}")]
    private partial void LogChangedCore(Guid campaignId, string change);

    private void LogChanged(string change, Guid campaignId) => LogChangedCore(campaignId, change);

    [LoggerMessage(Level = LogLevel.Information, Message = "Person {PersonMarketoId} {Change} sales campaign {CampaignId}")]
    private partial void LogMembership(string change, long personMarketoId, Guid campaignId);
}
