namespace SalesInsightActions.Web.Connections.Marketo.Wire;

/// <summary><c>stats/usage.json</c> result: <c>{date, total, users:[{userId, count}]}</c>.</summary>
public sealed record MarketoUsage(string Date, long Total, IReadOnlyList<MarketoUsageByUser>? Users);

public sealed record MarketoUsageByUser(string UserId, long Count);
