using SalesInsightActions.Simulators.Salesforce.Schema;

namespace SalesInsightActions.Simulators.Salesforce.Soql;

/// <summary>A field reference: a column of the queried object, or one hop through a lookup (Owner.Email).</summary>
public sealed record SoqlFieldPath(string Text, int Column)
{
    /// <summary>Set by binding: the lookup field (OwnerId) for a relationship path, else null.</summary>
    public SObjectField? Lookup { get; internal set; }
    /// <summary>Set by binding: the relationship name as the schema spells it (Owner).</summary>
    public string? RelationshipName { get; internal set; }
    public SObjectType? RelatedType { get; internal set; }
    /// <summary>Set by binding: the column itself (on the related type for relationship paths).</summary>
    public SObjectField Field { get; internal set; } = null!;

    /// <summary>Header text for Bulk CSV results: schema spelling, dotted for relationships.</summary>
    public string CanonicalPath => RelationshipName is null ? Field.Name : RelationshipName + "." + Field.Name;
}

public enum SoqlOperator
{
    Equal,
    NotEqual,
    Less,
    LessOrEqual,
    Greater,
    GreaterOrEqual,
    Like,
    In,
    NotIn,
}

public abstract record SoqlCondition;

public sealed record SoqlAnd(SoqlCondition Left, SoqlCondition Right) : SoqlCondition;

public sealed record SoqlOr(SoqlCondition Left, SoqlCondition Right) : SoqlCondition;

public sealed record SoqlNot(SoqlCondition Inner) : SoqlCondition;

/// <summary>field op value; for IN / NOT IN <see cref="Values"/> holds the list. Values are already typed (string, decimal, bool, DateTimeOffset, DateOnly, null).</summary>
public sealed record SoqlComparison(SoqlFieldPath Field, SoqlOperator Operator, IReadOnlyList<object?> Values) : SoqlCondition;

public sealed record SoqlOrdering(SoqlFieldPath Field, bool Descending, bool NullsFirst);

/// <summary>A parsed and bound SELECT.</summary>
public sealed record SoqlQuery(
    string Text,
    SObjectType From,
    IReadOnlyList<SoqlFieldPath> Fields,
    bool IsCount,
    SoqlCondition? Where,
    IReadOnlyList<SoqlOrdering> OrderBy,
    int? Limit,
    int Offset)
{
    /// <summary>Rows come out in scan (Id) order unless ordered by something else.</summary>
    public bool IsScanOrdered => OrderBy.Count == 0 || (OrderBy.Count == 1 && OrderBy[0].Field.Field.Name == "Id" && OrderBy[0].Field.Lookup is null && !OrderBy[0].Descending);

    /// <summary>True when the WHERE clause mentions IsDeleted (queryAll callers filter on it).</summary>
    public bool MentionsIsDeleted => Where is not null && Mentions(Where, "IsDeleted");

    private static bool Mentions(SoqlCondition condition, string field) => condition switch
    {
        SoqlAnd and => Mentions(and.Left, field) || Mentions(and.Right, field),
        SoqlOr or => Mentions(or.Left, field) || Mentions(or.Right, field),
        SoqlNot not => Mentions(not.Inner, field),
        SoqlComparison comparison => comparison.Field.Lookup is null && comparison.Field.Field.Name == field,
        _ => false,
    };
}
