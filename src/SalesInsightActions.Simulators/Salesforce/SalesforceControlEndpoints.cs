using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using SalesInsightActions.Simulators.Salesforce.Records;
using SalesInsightActions.Simulators.Salesforce.Rest;

namespace SalesInsightActions.Simulators.Salesforce;

/// <summary>
/// Test control under /_sim/salesforce: written Tasks, record changes and deletes, token expiry,
/// API usage and limit knobs, reset. Not part of the Salesforce API.
/// </summary>
internal static class SalesforceControlEndpoints
{
    public static void Map(IEndpointRouteBuilder endpoints)
    {
        RouteGroupBuilder control = endpoints.MapGroup("/_sim/salesforce");

        control.MapGet("/tasks", (SalesforceSimulatorState simulator) =>
        {
            using var buffer = new MemoryStream();
            using (var writer = new Utf8JsonWriter(buffer))
            {
                writer.WriteStartArray();
                foreach (SObjectRecord task in simulator.Records.WrittenTasks())
                {
                    writer.WriteStartObject();
                    foreach ((string name, object? value) in task.Values.OrderBy(v => v.Key, StringComparer.Ordinal))
                    {
                        writer.WritePropertyName(name);
                        SalesforceValueFormat.Write(writer, value);
                    }
                    writer.WriteEndObject();
                }
                writer.WriteEndArray();
            }
            return Results.Bytes(buffer.ToArray(), "application/json");
        });

        control.MapMethods("/records/{id}", ["PATCH"], async (string id, HttpContext context, SalesforceSimulatorState simulator) =>
        {
            Dictionary<string, JsonElement>? body = await JsonSerializer.DeserializeAsync<Dictionary<string, JsonElement>>(context.Request.Body, cancellationToken: context.RequestAborted);
            if (body is null || simulator.Records.Find(id) is not { } record)
            {
                return Results.NotFound();
            }
            var changes = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase);
            foreach ((string name, JsonElement value) in body)
            {
                if (record.Type.FindField(name) is not { } field || field.Name is "Id" or "IsDeleted")
                {
                    return Results.BadRequest(new { error = $"Unknown or read-only field '{name}' on {record.Type.Name}" });
                }
                changes[field.Name] = value.ValueKind switch
                {
                    JsonValueKind.Null => null,
                    JsonValueKind.True => true,
                    JsonValueKind.False => false,
                    JsonValueKind.Number => value.GetDecimal(),
                    _ when field.Type == "datetime" && value.TryGetDateTimeOffset(out DateTimeOffset at) => at.ToUniversalTime(),
                    _ when field.Type == "date" && DateOnly.TryParse(value.GetString(), System.Globalization.CultureInfo.InvariantCulture, out DateOnly date) => date,
                    _ => value.GetString(),
                };
            }
            simulator.Records.Update(record.Id, changes);
            return Results.NoContent();
        });

        control.MapDelete("/records/{id}", (string id, SalesforceSimulatorState simulator) =>
            simulator.Records.Delete(id) ? Results.NoContent() : Results.NotFound());

        control.MapPost("/records/{id}/undelete", (string id, SalesforceSimulatorState simulator) =>
            simulator.Records.Undelete(id) ? Results.NoContent() : Results.NotFound());

        control.MapPost("/expire-tokens", (SalesforceSimulatorState simulator) =>
        {
            simulator.ExpireAllAccessTokens();
            return Results.NoContent();
        });

        control.MapGet("/api-usage", (SalesforceSimulatorState simulator) => SalesforceJson.Result(new
        {
            used = simulator.ApiUsage.Used,
            limit = simulator.ApiUsage.Limit,
            enforced = simulator.Options.EnforceDailyApiLimit,
        }));

        // Body: {"used"?: n, "limit"?: n, "enforced"?: bool}.
        control.MapPost("/api-usage", async (HttpContext context, SalesforceSimulatorState simulator) =>
        {
            JsonElement body = await JsonSerializer.DeserializeAsync<JsonElement>(context.Request.Body, cancellationToken: context.RequestAborted);
            if (body.ValueKind != JsonValueKind.Object)
            {
                return Results.BadRequest();
            }
            if (body.TryGetProperty("limit", out JsonElement limit))
            {
                simulator.Options.DailyApiRequestLimit = limit.GetInt32();
            }
            if (body.TryGetProperty("enforced", out JsonElement enforced))
            {
                simulator.Options.EnforceDailyApiLimit = enforced.GetBoolean();
            }
            if (body.TryGetProperty("used", out JsonElement used))
            {
                simulator.ApiUsage.SetUsed(used.GetInt32());
            }
            return Results.NoContent();
        });

        control.MapGet("/org-setup", (SalesforceSimulatorState simulator) => SalesforceJson.Result(OrgSetup(simulator)));

        // Body (every property optional): {"packageInstalled": bool, "packageVersion": "2.14.0", "apiDisabled": bool,
        // "connectedAppBlocked": bool, "missingTaskTypeValues": ["Reply"], "missingTaskFields": ["mkto_si__Viewed__c"],
        // "readOnlyTaskFields": [...], "authorizationCodeLifetimeSeconds": n}. POST /reset restores a correctly set-up org.
        control.MapPost("/org-setup", async (HttpContext context, SalesforceSimulatorState simulator) =>
        {
            JsonElement body = await JsonSerializer.DeserializeAsync<JsonElement>(context.Request.Body, cancellationToken: context.RequestAborted);
            if (body.ValueKind != JsonValueKind.Object)
            {
                return Results.BadRequest();
            }
            Setup.SalesforceOrgSetup setup = simulator.Setup;
            if (body.TryGetProperty("packageInstalled", out JsonElement installed))
            {
                setup.PackageInstalled = installed.GetBoolean();
            }
            if (body.TryGetProperty("packageVersion", out JsonElement version))
            {
                setup.PackageVersion = version.GetString() ?? Setup.SalesforceOrgSetup.DefaultPackageVersion;
            }
            if (body.TryGetProperty("apiDisabled", out JsonElement apiDisabled))
            {
                setup.ApiDisabled = apiDisabled.GetBoolean();
            }
            if (body.TryGetProperty("connectedAppBlocked", out JsonElement blocked))
            {
                setup.ConnectedAppBlocked = blocked.GetBoolean();
            }
            if (body.TryGetProperty("missingTaskTypeValues", out JsonElement values))
            {
                setup.SetMissingTaskTypeValues(Strings(values));
            }
            if (body.TryGetProperty("missingTaskFields", out JsonElement missing))
            {
                setup.SetMissingTaskFields(Strings(missing));
            }
            if (body.TryGetProperty("readOnlyTaskFields", out JsonElement readOnly))
            {
                setup.SetReadOnlyTaskFields(Strings(readOnly));
            }
            if (body.TryGetProperty("authorizationCodeLifetimeSeconds", out JsonElement codeLifetime))
            {
                simulator.Options.AuthorizationCodeLifetimeSeconds = codeLifetime.GetInt32();
            }
            return Results.Json(OrgSetup(simulator));
        });

        control.MapPost("/reset", (SalesforceSimulatorState simulator) =>
        {
            simulator.Reset();
            return Results.NoContent();
        });

        // The two causes of 403 REQUEST_LIMIT_EXCEEDED (daily total: see /api-usage).
        control.MapGet("/request-limits", (SalesforceSimulatorState simulator) => SalesforceJson.Result(new
        {
            used = simulator.ApiUsage.Used,
            limit = simulator.ApiUsage.Limit,
            capacityFreesAt = simulator.ApiUsage.CapacityFreesAt,
            longRunningInFlight = simulator.ApiUsage.LongRunningInFlight,
            maxLongRunningRequests = simulator.Options.MaxLongRunningRequests,
            longRunningRequestSeconds = simulator.Options.LongRunningRequestSeconds,
        }));

        // Body: {"nextConcurrentLimitErrors"?: n, "maxLongRunningRequests"?: n, "longRunningRequestSeconds"?: s}.
        control.MapPost("/request-limits", async (HttpContext context, SalesforceSimulatorState simulator) =>
        {
            JsonElement body = await JsonSerializer.DeserializeAsync<JsonElement>(context.Request.Body, cancellationToken: context.RequestAborted);
            if (body.ValueKind != JsonValueKind.Object)
            {
                return Results.BadRequest();
            }
            if (body.TryGetProperty("maxLongRunningRequests", out JsonElement max))
            {
                simulator.Options.MaxLongRunningRequests = max.GetInt32();
            }
            if (body.TryGetProperty("longRunningRequestSeconds", out JsonElement seconds))
            {
                simulator.Options.LongRunningRequestSeconds = seconds.GetDouble();
            }
            if (body.TryGetProperty("nextConcurrentLimitErrors", out JsonElement next))
            {
                simulator.ApiUsage.ScriptConcurrentLimitErrors(next.GetInt32());
            }
            return Results.NoContent();
        });
    }

    private static Dictionary<string, object> OrgSetup(SalesforceSimulatorState simulator) => new()
    {
        ["packageInstalled"] = simulator.Setup.PackageInstalled,
        ["packageVersion"] = simulator.Setup.PackageVersion,
        ["apiDisabled"] = simulator.Setup.ApiDisabled,
        ["connectedAppBlocked"] = simulator.Setup.ConnectedAppBlocked,
        ["missingTaskTypeValues"] = simulator.Setup.MissingTaskTypeValues,
        ["missingTaskFields"] = simulator.Setup.MissingTaskFields,
        ["readOnlyTaskFields"] = simulator.Setup.ReadOnlyTaskFields,
        ["authorizationCodeLifetimeSeconds"] = simulator.Options.AuthorizationCodeLifetimeSeconds,
    };

    private static IEnumerable<string> Strings(JsonElement array) =>
        array.ValueKind == JsonValueKind.Array ? [.. array.EnumerateArray().Select(e => e.GetString() ?? "")] : [];
}
