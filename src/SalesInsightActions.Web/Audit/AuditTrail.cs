using Microsoft.EntityFrameworkCore;
using SalesInsightActions.Web.Data;
using SalesInsightActions.Web.Users.SignIn;

namespace SalesInsightActions.Web.Audit;

/// <summary>
/// Records admin actions. <see cref="Add"/> only stages the entry on the shared DbContext, so it is written in
/// the same SaveChanges (the same transaction) as the action it describes; <see cref="RecordAsync"/> saves at once
/// (for failures and refusals, where nothing else is saved).
/// </summary>
public sealed class AuditTrail(AppDbContext db, IHttpContextAccessor http, TimeProvider clock)
{
    public void Add(string action, AuditOutcome outcome = AuditOutcome.Succeeded, string? target = null, string? details = null, Guid? actorMemberId = null, string? actorEmail = null)
    {
        var user = http.HttpContext?.User;
        var memberId = actorMemberId;
        if (memberId is null && user?.Identity?.IsAuthenticated == true)
        {
            memberId = user.MemberId();
        }

        db.Add(new AuditEntry
        {
            At = clock.GetUtcNow().UtcDateTime,
            ActorMemberId = memberId,
            ActorEmail = Truncate(actorEmail ?? (user?.Identity?.IsAuthenticated == true ? user.Identity.Name : null), 256),
            Action = action,
            Outcome = outcome,
            Target = Truncate(target, 256),
            Details = Truncate(details, 2000),
        });
    }

    public async Task RecordAsync(string action, AuditOutcome outcome = AuditOutcome.Succeeded, string? target = null, string? details = null, CancellationToken ct = default)
    {
        Add(action, outcome, target, details);
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Newest first, optionally one action; for the audit log page and its CSV export.</summary>
    public IQueryable<AuditEntry> Query(string? action = null) =>
        db.Set<AuditEntry>().AsNoTracking()
            .Where(e => action == null || e.Action == action)
            .OrderByDescending(e => e.At).ThenByDescending(e => e.Id);

    private static string? Truncate(string? value, int max) => value is null || value.Length <= max ? value : value[..max];
}

public static class AuditSetup
{
    public static WebApplicationBuilder AddAudit(this WebApplicationBuilder builder)
    {
        builder.Services.AddHttpContextAccessor();
        builder.Services.AddScoped<AuditTrail>();
        builder.Services.AddScoped<AuditLog>();
        return builder;
    }
}
