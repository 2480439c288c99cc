using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using SalesInsightActions.Simulators.Salesforce.Rest;
using SalesInsightActions.Simulators.Salesforce.Schema;

namespace SalesInsightActions.Simulators.Salesforce.Describe;

/// <summary>GET sobjects (global describe) and sobjects/{Obj}/describe.</summary>
internal static class DescribeEndpoints
{
    public static void Map(RouteGroupBuilder rest)
    {
        rest.MapGet("/sobjects", (HttpContext context) =>
        {
            string version = SalesforceRestFilter.ApiVersion(context);
            return SalesforceJson.Result(new Dictionary<string, object>
            {
                ["encoding"] = "UTF-8",
                ["maxBatchSize"] = 200,
                ["sobjects"] = SalesforceSchema.All.Select(t => Header(t, version)).ToList(),
            });
        });

        rest.MapGet("/sobjects/{objectName}/describe", (string objectName, HttpContext context, SalesforceSimulatorState simulator) =>
        {
            SObjectType? type = SalesforceSchema.Find(objectName);
            if (type is null)
            {
                return SalesforceErrors.Single(StatusCodes.Status404NotFound, "NOT_FOUND", "The requested resource does not exist");
            }
            Dictionary<string, object?> body = Header(type, SalesforceRestFilter.ApiVersion(context));
            // The Task object carries the org's setup (Type picklist values, the MSI package's fields).
            IEnumerable<SObjectField> fields = type == SalesforceSchema.Task ? simulator.Setup.DescribeTaskFields(type.Fields) : type.Fields;
            body["fields"] = fields.Select(Field).ToList();
            return SalesforceJson.Result(body);
        });
    }

    private static Dictionary<string, object?> Header(SObjectType type, string version)
    {
        string url = $"/services/data/v{version}/sobjects/{type.Name}";
        bool isUser = type == SalesforceSchema.User;
        return new Dictionary<string, object?>
        {
            ["name"] = type.Name,
            ["label"] = type.Label,
            ["labelPlural"] = type.LabelPlural,
            ["keyPrefix"] = type.KeyPrefix,
            ["custom"] = false,
            ["createable"] = true,
            ["updateable"] = true,
            ["deletable"] = !isUser,
            ["undeletable"] = !isUser,
            ["queryable"] = true,
            ["retrieveable"] = true,
            ["searchable"] = true,
            ["urls"] = new Dictionary<string, string>
            {
                ["sobject"] = url,
                ["describe"] = url + "/describe",
                ["rowTemplate"] = url + "/{ID}",
            },
        };
    }

    private static Dictionary<string, object?> Field(SObjectField field) => new()
    {
        ["name"] = field.Name,
        ["label"] = field.Label,
        ["type"] = field.Type,
        ["soapType"] = field.SoapType,
        ["length"] = field.Length,
        ["byteLength"] = field.Length * 3,
        ["precision"] = field.Type is "currency" or "double" ? 18 : 0,
        ["scale"] = field.Type is "currency" or "double" ? 2 : 0,
        ["nillable"] = field.Nillable,
        ["createable"] = field.Createable,
        ["updateable"] = field.Updateable,
        ["custom"] = field.Custom,
        ["defaultedOnCreate"] = field.DefaultedOnCreate,
        ["filterable"] = field.Type != "textarea",
        ["sortable"] = field.Type != "textarea",
        ["calculated"] = false,
        ["unique"] = field.Unique,
        ["externalId"] = field.ExternalId,
        ["idLookup"] = field.Type == "id" || field.Name is "Email" or "Username" || field.ExternalId,
        ["restrictedPicklist"] = field.RestrictedPicklist,
        ["defaultValue"] = null,
        ["picklistValues"] = field.PicklistValues.Select(p => new Dictionary<string, object?>
        {
            ["active"] = true,
            ["defaultValue"] = p.DefaultValue,
            ["label"] = p.Label,
            ["validFor"] = null,
            ["value"] = p.Value,
        }).ToList(),
        ["referenceTo"] = field.ReferenceTo,
        ["relationshipName"] = field.RelationshipName,
    };
}
