namespace SalesInsightActions.Simulators.DataSet;

/// <summary>
/// Builds and parses Salesforce-shaped ids (3-char key prefix, 12 more chars, 3-char case checksum)
/// that encode a data-set number, so an id maps back to its record without a lookup table.
/// </summary>
public static class SalesforceIds
{
    public const string LeadPrefix = "00Q";
    public const string ContactPrefix = "003";
    public const string AccountPrefix = "001";
    public const string OpportunityPrefix = "006";
    public const string UserPrefix = "005";
    public const string TaskPrefix = "00T";

    // Pod-like middle part so the ids look like a real org's ("5g" instance, reserved "0").
    private const string InstanceMarker = "5g0";
    private const string Base62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private const string ChecksumAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345";
    private const int NumberDigits = 9;

    /// <summary>The 18-character id for <paramref name="number"/> (≥ 1) under a key prefix.</summary>
    public static string Create(string keyPrefix, long number)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(number);
        Span<char> digits = stackalloc char[NumberDigits];
        long rest = number;
        for (int i = NumberDigits - 1; i >= 0; i--)
        {
            digits[i] = Base62[(int)(rest % 62)];
            rest /= 62;
        }
        string id15 = keyPrefix + InstanceMarker + new string(digits);
        return id15 + Checksum(id15);
    }

    /// <summary>Reads the number back from a 15- or 18-character id with the expected key prefix.</summary>
    public static bool TryParse(string? id, string keyPrefix, out long number)
    {
        number = 0;
        if (id is null || (id.Length != 15 && id.Length != 18))
        {
            return false;
        }
        string id15 = id[..15];
        if (!id15.StartsWith(keyPrefix, StringComparison.Ordinal)
            || string.CompareOrdinal(id15, 3, InstanceMarker, 0, 3) != 0)
        {
            return false;
        }
        if (id.Length == 18 && !string.Equals(id[15..], Checksum(id15), StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }
        long value = 0;
        for (int i = 6; i < 15; i++)
        {
            int digit = Base62.IndexOf(id15[i], StringComparison.Ordinal);
            if (digit < 0)
            {
                return false;
            }
            value = (value * 62) + digit;
        }
        number = value;
        return value > 0;
    }

    /// <summary>The 18-char id for any 15- or 18-char id (Salesforce compares ids by their 15-char form).</summary>
    public static string To18(string id)
    {
        return id.Length == 15 ? id + Checksum(id) : id;
    }

    // Salesforce's case-safe suffix: one char per 5-char chunk, bit i set when char i is upper case.
    private static string Checksum(string id15)
    {
        Span<char> suffix = stackalloc char[3];
        for (int chunk = 0; chunk < 3; chunk++)
        {
            int bits = 0;
            for (int i = 0; i < 5; i++)
            {
                char c = id15[(chunk * 5) + i];
                if (c is >= 'A' and <= 'Z')
                {
                    bits |= 1 << i;
                }
            }
            suffix[chunk] = ChecksumAlphabet[bits];
        }
        return new string(suffix);
    }
}
