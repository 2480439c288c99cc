using Microsoft.EntityFrameworkCore;

namespace SalesInsightActions.Web.Data;

/// <summary>PostgreSQL flavour of <see cref="AppDbContext"/>; owns the migrations under Data/Migrations/Postgres.</summary>
public sealed class PostgresAppDbContext(DbContextOptions<PostgresAppDbContext> options, AccountScope scope)
    : AppDbContext(options, scope);
