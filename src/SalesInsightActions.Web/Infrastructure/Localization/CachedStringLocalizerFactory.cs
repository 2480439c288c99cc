using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace SalesInsightActions.Web.Infrastructure.Localization;

/// <summary>
/// The resource-file localizers with each string read once per culture. ResourceManager takes a process-wide lock on
/// every lookup; a page such as the members list asks for hundreds of strings, so under load the requests queued on
/// that lock (seen in CPU profiles of the scale benchmark). The resources are compiled into the assembly and never
/// change while the app runs, so what was looked up can be kept. A caller may also pass text that is not a key (such
/// misses are looked up as often as hits): those are kept too, but only while the cache is small, so text from
/// outside cannot grow it without bound.
/// </summary>
internal sealed class CachedStringLocalizerFactory(IOptions<LocalizationOptions> options, ILoggerFactory loggerFactory) : IStringLocalizerFactory
{
    private readonly ResourceManagerStringLocalizerFactory _inner = new(options, loggerFactory);

    // The inner factory hands out one localizer per resource; each gets one cache.
    private readonly ConcurrentDictionary<IStringLocalizer, CachedStringLocalizer> _localizers = new(ReferenceEqualityComparer.Instance);

    public IStringLocalizer Create(Type resourceSource) => Wrap(_inner.Create(resourceSource));

    public IStringLocalizer Create(string baseName, string location) => Wrap(_inner.Create(baseName, location));

    private CachedStringLocalizer Wrap(IStringLocalizer inner) => _localizers.GetOrAdd(inner, static i => new CachedStringLocalizer(i));
}

internal sealed class CachedStringLocalizer(IStringLocalizer inner) : IStringLocalizer
{
    /// <summary>Room for every key in both cultures several times over; only misses are refused beyond it.</summary>
    private const int MaxEntries = 20_000;

    private readonly ConcurrentDictionary<(string Culture, string Name), LocalizedString> _found = new();

    public LocalizedString this[string name]
    {
        get
        {
            var key = (CultureInfo.CurrentUICulture.Name, name);
            if (_found.TryGetValue(key, out var cached))
            {
                return cached;
            }

            var value = inner[name];
            if (!value.ResourceNotFound || _found.Count < MaxEntries)
            {
                _found.TryAdd(key, value);
            }

            return value;
        }
    }

    // As ResourceManagerStringLocalizer formats: the current culture, and the name itself when it is not a key.
    public LocalizedString this[string name, params object[] arguments]
    {
        get
        {
            var format = this[name];
            return new LocalizedString(name, string.Format(CultureInfo.CurrentCulture, format.Value, arguments), format.ResourceNotFound, format.SearchedLocation);
        }
    }

    public IEnumerable<LocalizedString> GetAllStrings(bool includeParentCultures) => inner.GetAllStrings(includeParentCultures);
}
