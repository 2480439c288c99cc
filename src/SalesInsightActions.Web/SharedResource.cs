namespace SalesInsightActions.Web;

/// <summary>Marker for the one resource set (Resources/SharedResource.*.resx) that holds every user-facing string.</summary>
public sealed class SharedResource;
