using System.Xml.Linq;
using SalesInsightActions.Tests.Localization;
using SalesInsightActions.Web.Users.CsvInvites;

namespace SalesInsightActions.Tests.Users.CsvInvites;

public sealed class CsvInviteResourceTests
{
    public static TheoryData<string> RuntimeKeys =>
    [
        CsvInviteReader.EmptyFile, CsvInviteReader.TooLarge, CsvInviteReader.NotText, CsvInviteReader.NoHeader, CsvInviteReader.HeaderOnly, CsvInviteReader.BadQuotes,
        CsvColumnMapping.EmailRequired, CsvColumnMapping.ColumnUsedTwice, CsvColumnMapping.UnknownColumn, CsvUploadModel.ChooseFile,
        .. CsvMappingModel.Fields.Select(f => f.LabelKey),
    ];

    [Theory]
    [MemberData(nameof(RuntimeKeys))]
    public void Every_error_sentence_and_field_label_is_translated(string key)
    {
        foreach (var file in new[] { "SharedResource.resx", "SharedResource.zh-Hans.resx" })
        {
            var keys = XDocument.Load(Path.Combine(LocalizationTests.RepositoryRoot(), "src", "SalesInsightActions.Web", "Resources", file))
                .Root!.Elements("data").Select(d => (string)d.Attribute("name")!);
            Assert.Contains(key, keys);
        }
    }
}
