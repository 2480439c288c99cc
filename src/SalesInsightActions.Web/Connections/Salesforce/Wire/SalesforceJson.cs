using System.Text.Json;
using System.Text.Json.Serialization;

namespace SalesInsightActions.Web.Connections.Salesforce.Wire;

internal static class SalesforceJson
{
    /// <summary>REST field names are PascalCase (Subject, WhoId) and are sent as given; envelope members are camelCase.</summary>
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };
}
