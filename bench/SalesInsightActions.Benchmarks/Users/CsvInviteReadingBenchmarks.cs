using System.Text;
using BenchmarkDotNet.Attributes;
using CsvHelper;
using SalesInsightActions.Web.Users.CsvInvites;

namespace SalesInsightActions.Benchmarks.Users;

/// <summary>
/// The CSV invite path before the database: decode + detect the delimiter + parse + auto-map + build
/// invite requests, against the floor of decoding the same bytes and reading every field with CsvHelper
/// alone. The ratio is what our detection, validation and mapping add on top of the parser.
/// </summary>
[MemoryDiagnoser]
public class CsvInviteReadingBenchmarks
{
    private byte[] _file = [];

    [Params(1_000, 10_000)]
    public int Rows { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var text = new StringBuilder("\uFEFFE-mail Address;Given Name;Surname;Team;Role\r\n");
        for (var i = 0; i < Rows; i++)
        {
            text.Append("person").Append(i).Append("@acme.example;First ").Append(i).Append(";\"Last; ").Append(i)
                .Append("\";").Append(i % 7 == 0 ? "West" : "East").Append(';').Append(i % 10 == 0 ? "admin" : "standard user").Append("\r\n");
        }

        _file = Encoding.UTF8.GetBytes(text.ToString());
    }

    [Benchmark(Baseline = true, Description = "decode + CsvHelper read every field")]
    public int ParserFloor()
    {
        var text = Encoding.UTF8.GetString(_file);
        using var reader = CsvReader.FromText(text, new CsvReaderOptions { Separator = ';', HasHeader = false });
        var fields = 0;
        while (reader.Read())
        {
            for (var i = 0; i < reader.FieldCount; i++)
            {
                fields += reader.GetString(i).Length > 0 ? 1 : 0;
            }
        }

        return fields;
    }

    [Benchmark(Description = "CsvInviteReader + AutoMap + ToRequests")]
    public int InvitePath()
    {
        var result = CsvInviteReader.Read(_file);
        var document = result.Document ?? throw new InvalidOperationException(result.ErrorKey);
        return CsvColumnMapper.ToRequests(document, CsvColumnMapper.AutoMap(document.Headers)).Count;
    }
}
