using System.Text.Json;
using SalesInsightActions.Simulators.Salesforce.Records;
using SalesInsightActions.Simulators.Salesforce.Rest;
using SalesInsightActions.Simulators.Salesforce.Soql;

namespace SalesInsightActions.Simulators.Salesforce.Query;

/// <summary>
/// Writes {totalSize, done, nextRecordsUrl?, records:[{attributes:{type,url}, …}]} with fields in SELECT
/// order; relationship fields nest as {"Owner": {"attributes":…, "Email": …}} (null when the lookup is empty).
/// </summary>
internal static class QueryResultWriter
{
    public static byte[] Write(QueryPage page, SoqlQuery query, string apiVersion, string? nextRecordsUrl, Func<string, SObjectRecord?> findRelated)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteNumber("totalSize", page.TotalSize);
            writer.WriteBoolean("done", nextRecordsUrl is null);
            if (nextRecordsUrl is not null)
            {
                writer.WriteString("nextRecordsUrl", nextRecordsUrl);
            }
            writer.WriteStartArray("records");
            foreach (SObjectRecord record in page.Records)
            {
                WriteRecord(writer, record, query.Fields, apiVersion, findRelated);
            }
            writer.WriteEndArray();
            writer.WriteEndObject();
        }
        return buffer.ToArray();
    }

    public static void WriteRecord(Utf8JsonWriter writer, SObjectRecord record, IReadOnlyList<SoqlFieldPath> fields, string apiVersion, Func<string, SObjectRecord?> findRelated)
    {
        writer.WriteStartObject();
        WriteAttributes(writer, record, apiVersion);
        var writtenRelationships = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var writtenFields = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (SoqlFieldPath path in fields)
        {
            if (path.Lookup is null)
            {
                if (writtenFields.Add(path.Field.Name))
                {
                    writer.WritePropertyName(path.Field.Name);
                    SalesforceValueFormat.Write(writer, record[path.Field.Name]);
                }
                continue;
            }
            if (!writtenRelationships.Add(path.RelationshipName!))
            {
                continue;
            }
            writer.WritePropertyName(path.RelationshipName!);
            SObjectRecord? related = record[path.Lookup.Name] is string relatedId ? findRelated(relatedId) : null;
            if (related is null)
            {
                writer.WriteNullValue();
                continue;
            }
            writer.WriteStartObject();
            WriteAttributes(writer, related, apiVersion);
            foreach (SoqlFieldPath sibling in fields.Where(f => string.Equals(f.RelationshipName, path.RelationshipName, StringComparison.OrdinalIgnoreCase)).DistinctBy(f => f.Field.Name))
            {
                writer.WritePropertyName(sibling.Field.Name);
                SalesforceValueFormat.Write(writer, related[sibling.Field.Name]);
            }
            writer.WriteEndObject();
        }
        writer.WriteEndObject();
    }

    private static void WriteAttributes(Utf8JsonWriter writer, SObjectRecord record, string apiVersion)
    {
        writer.WriteStartObject("attributes");
        writer.WriteString("type", record.Type.Name);
        writer.WriteString("url", SalesforceUrls.SObject(apiVersion, record.Type.Name, record.Id));
        writer.WriteEndObject();
    }
}
