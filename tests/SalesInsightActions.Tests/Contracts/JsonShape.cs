using System.Text.Json;
using Xunit.Sdk;

namespace SalesInsightActions.Tests.Contracts;

/// <summary>
/// Compares the shape of a vendor-documented JSON sample with an actual response: every member of the sample must
/// exist in the actual JSON with the same kind (object, array, string, number, boolean), recursively. A null in the
/// sample matches any kind (the docs rarely say what a null member becomes when set); arrays compare their first
/// element. Extra members in the actual JSON are fine: vendors add fields, and clients must ignore them.
/// </summary>
public static class JsonShape
{
    /// <summary>The JSONPath-like location and reason of the first difference, or null when the shapes agree.</summary>
    public static string? FirstMismatch(string documented, string actual)
    {
        using JsonDocument expected = JsonDocument.Parse(documented);
        using JsonDocument got = JsonDocument.Parse(actual);
        return FirstMismatch(expected.RootElement, got.RootElement, "$");
    }

    public static string? FirstMismatch(JsonElement documented, JsonElement actual, string path = "$")
    {
        if (documented.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (KindOf(documented) != KindOf(actual))
        {
            return $"{path}: documented {KindOf(documented)}, actual {KindOf(actual)} ({Abbreviate(actual)})";
        }

        switch (documented.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (JsonProperty member in documented.EnumerateObject())
                {
                    string memberPath = $"{path}.{member.Name}";
                    if (!actual.TryGetProperty(member.Name, out JsonElement actualMember))
                    {
                        return $"{memberPath}: documented {KindOf(member.Value)}, missing in actual (members: {string.Join(", ", actual.EnumerateObject().Select(p => p.Name))})";
                    }

                    if (FirstMismatch(member.Value, actualMember, memberPath) is { } mismatch)
                    {
                        return mismatch;
                    }
                }

                return null;
            case JsonValueKind.Array:
                if (documented.GetArrayLength() == 0)
                {
                    return null;
                }

                // An empty actual array proves nothing about the element shape: callers must produce data.
                return actual.GetArrayLength() == 0
                    ? $"{path}: documented array has elements, actual array is empty (nothing to compare)"
                    : FirstMismatch(documented[0], actual[0], $"{path}[0]");
            default:
                return null;
        }
    }

    /// <summary>Fails with the path of the first difference and both documents, so the report says which side to look at.</summary>
    public static void AssertConforms(string documented, string actual, string because = "")
    {
        if (FirstMismatch(documented, actual) is { } mismatch)
        {
            throw new XunitException($"Shape mismatch {because}at {mismatch}{Environment.NewLine}Actual: {Abbreviate(actual, 2000)}");
        }
    }

    public static void AssertConforms(JsonElement documented, JsonElement actual, string path)
    {
        if (FirstMismatch(documented, actual, path) is { } mismatch)
        {
            throw new XunitException($"Shape mismatch at {mismatch}{Environment.NewLine}Actual: {Abbreviate(actual.GetRawText(), 2000)}");
        }
    }

    /// <summary>
    /// Compares each documented array element with the actual element whose <paramref name="key"/> member has the same
    /// value (describe fields by name), so shapes beyond the first element are checked too.
    /// </summary>
    public static void AssertEachConformsByKey(JsonElement documented, JsonElement actual, string key, string path)
    {
        foreach (JsonElement item in documented.EnumerateArray())
        {
            string name = item.GetProperty(key).GetString()!;
            JsonElement match = actual.EnumerateArray().FirstOrDefault(a => a.TryGetProperty(key, out JsonElement v) && v.GetString() == name);
            if (match.ValueKind == JsonValueKind.Undefined)
            {
                throw new XunitException($"Shape mismatch at {path}[{key}={name}]: documented element missing in actual");
            }

            AssertConforms(item, match, $"{path}[{key}={name}]");
        }
    }

    private static string KindOf(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.True or JsonValueKind.False => "boolean",
        JsonValueKind.Undefined => "nothing",
        _ => element.ValueKind.ToString().ToLowerInvariant(),
    };

    private static string Abbreviate(JsonElement element) => Abbreviate(element.GetRawText(), 80);

    private static string Abbreviate(string text, int max) => text.Length <= max ? text : text[..max] + "…";
}
