namespace SalesInsightActions.Simulators.Entra;

internal static class EntraStringExtensions
{
    public static string? NullIfEmpty(this string? value) => string.IsNullOrEmpty(value) ? null : value;
}
