using System.Text;
using SalesInsightActions.Web.Users.CsvInvites;

namespace SalesInsightActions.Tests.Users.CsvInvites;

public sealed class CsvInviteReaderTests
{
    private const string Sample = "email,first name,last name,team,role\r\nli.lei@acme.example,雷,李,销售一部,admin\r\nana@acme.example,Ana,Silva,Sales East,standard user\r\n";

    private static CsvInviteDocument ReadOk(byte[] bytes)
    {
        var result = CsvInviteReader.Read(bytes);
        Assert.True(result.Succeeded, $"Expected the file to read, got: {result.ErrorKey}");
        return result.Document!;
    }

    private static void AssertSample(CsvInviteDocument document)
    {
        Assert.Equal(["email", "first name", "last name", "team", "role"], document.Headers);
        Assert.Equal(2, document.Rows.Count);
        Assert.Equal(["li.lei@acme.example", "雷", "李", "销售一部", "admin"], document.Rows[0]);
        Assert.Equal(["ana@acme.example", "Ana", "Silva", "Sales East", "standard user"], document.Rows[1]);
    }

    [Fact]
    public void Reads_utf8_without_bom()
    {
        var document = ReadOk(Encoding.UTF8.GetBytes(Sample));
        AssertSample(document);
        Assert.Equal(CsvTextDecoder.Utf8, document.EncodingName);
    }

    [Fact]
    public void Reads_utf8_with_bom_and_the_bom_is_not_part_of_the_first_header()
    {
        var document = ReadOk([.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(Sample)]);
        AssertSample(document);
        Assert.Equal(CsvTextDecoder.Utf8Bom, document.EncodingName);
    }

    [Theory]
    [InlineData(false, CsvTextDecoder.Utf16Le)]
    [InlineData(true, CsvTextDecoder.Utf16Be)]
    public void Reads_utf16_with_bom(bool bigEndian, string expectedName)
    {
        var encoding = new UnicodeEncoding(bigEndian, byteOrderMark: true);
        var document = ReadOk([.. encoding.GetPreamble(), .. encoding.GetBytes(Sample)]);
        AssertSample(document);
        Assert.Equal(expectedName, document.EncodingName);
    }

    [Theory]
    [InlineData(false, CsvTextDecoder.Utf16Le)]
    [InlineData(true, CsvTextDecoder.Utf16Be)]
    public void Recognises_utf16_without_bom_by_its_nul_bytes(bool bigEndian, string expectedName)
    {
        var document = ReadOk(new UnicodeEncoding(bigEndian, byteOrderMark: false).GetBytes(Sample));
        AssertSample(document);
        Assert.Equal(expectedName, document.EncodingName);
    }

    [Theory]
    [InlineData(',')]
    [InlineData(';')]
    [InlineData('\t')]
    public void Detects_the_delimiter_from_the_header_line(char delimiter)
    {
        var text = Sample.Replace(',', delimiter);
        var document = ReadOk(Encoding.UTF8.GetBytes(text));
        Assert.Equal(delimiter, document.Delimiter);
        AssertSample(document);
    }

    [Fact]
    public void Commas_inside_quoted_header_names_do_not_win_over_the_real_semicolon_delimiter()
    {
        var document = ReadOk(Encoding.UTF8.GetBytes("\"email, work\";\"name, given\";team\r\nana@acme.example;Ana;East, North\r\n"));

        Assert.Equal(';', document.Delimiter);
        Assert.Equal(["email, work", "name, given", "team"], document.Headers);
        Assert.Equal(["ana@acme.example", "Ana", "East, North"], document.Rows[0]);
    }

    [Fact]
    public void Quoted_fields_keep_commas_escaped_quotes_and_line_breaks()
    {
        var text = "email,first name,team\r\n\"ana@acme.example\",\"Ana, \"\"the boss\"\"\",\"Sales\r\nEast\"\r\nbo@acme.example,Bo,West\r\n";

        var document = ReadOk(Encoding.UTF8.GetBytes(text));

        Assert.Equal(2, document.Rows.Count);
        Assert.Equal(["ana@acme.example", "Ana, \"the boss\"", "Sales\r\nEast"], document.Rows[0]);
        Assert.Equal(["bo@acme.example", "Bo", "West"], document.Rows[1]);
    }

    [Fact]
    public void Empty_lines_and_rows_of_empty_fields_are_skipped_and_values_trimmed()
    {
        var document = ReadOk(Encoding.UTF8.GetBytes("\r\nemail , team\r\n\r\n  ana@acme.example ,  East \r\n,\r\n\r\nbo@acme.example,\r\n"));

        Assert.Equal(["email", "team"], document.Headers);
        Assert.Equal(2, document.Rows.Count);
        Assert.Equal(["ana@acme.example", "East"], document.Rows[0]);
        Assert.Equal("bo@acme.example", document.Rows[1][0]);
    }

    [Fact]
    public void A_file_over_the_size_limit_is_refused_with_a_sentence()
    {
        var bytes = new byte[CsvImport.MaxFileBytes + 1];
        Array.Fill(bytes, (byte)'a');

        var result = CsvInviteReader.Read(bytes);

        Assert.False(result.Succeeded);
        Assert.Equal(CsvInviteReader.TooLarge, result.ErrorKey);
        Assert.Equal([5], result.ErrorArgs);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   \r\n\r\n  ")]
    public void An_empty_file_is_refused_with_a_sentence(string text)
    {
        var result = CsvInviteReader.Read(Encoding.UTF8.GetBytes(text));
        Assert.Equal(CsvInviteReader.EmptyFile, result.ErrorKey);
    }

    [Theory]
    [InlineData("email,first name,last name\r\n")]
    [InlineData("email\r\n\r\n,\r\n")]
    public void A_header_without_people_is_refused_with_a_sentence(string text)
    {
        var result = CsvInviteReader.Read(Encoding.UTF8.GetBytes(text));
        Assert.Equal(CsvInviteReader.HeaderOnly, result.ErrorKey);
    }

    [Fact]
    public void Bytes_that_are_not_utf8_are_refused_not_replaced()
    {
        // "邮箱,名\r\n" in GBK, as Excel on Chinese Windows saves "CSV (Comma delimited)".
        byte[] gbk = [0xD3, 0xCA, 0xCF, 0xE4, (byte)',', 0xC3, 0xFB, (byte)'\r', (byte)'\n', (byte)'a', (byte)'@', (byte)'b', (byte)'.', (byte)'c', (byte)',', 0xC0, 0xEE, (byte)'\r', (byte)'\n'];

        var result = CsvInviteReader.Read(gbk);

        Assert.Equal(CsvInviteReader.NotText, result.ErrorKey);
    }

    [Fact]
    public void A_binary_file_is_refused_as_not_text()
    {
        // The start of an .xlsx (a zip): valid-looking bytes, NULs and control characters.
        byte[] zip = [0x50, 0x4B, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00, 0x08, 0x00, 0x00, 0x00, 0x21, 0x00, 0x62, 0xEE, 0x9D, 0x68, 0x5E, 0x01, 0x00, 0x00, 0x90, 0x04];

        Assert.Equal(CsvInviteReader.NotText, CsvInviteReader.Read(zip).ErrorKey);
    }

    [Fact]
    public void A_quote_that_is_never_closed_is_reported_with_its_line()
    {
        var result = CsvInviteReader.Read(Encoding.UTF8.GetBytes("email,first name\r\nana@acme.example,Ana\r\nbo@acme.example,\"Bo\r\ncy@acme.example,Cy\r\n"));

        Assert.False(result.Succeeded);
        Assert.Equal(CsvInviteReader.BadQuotes, result.ErrorKey);
        Assert.Equal(3L, Convert.ToInt64(result.ErrorArgs[0], System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Random_bytes_never_throw()
    {
        var random = new Random(20261124);
        for (var i = 0; i < 500; i++)
        {
            var bytes = new byte[random.Next(0, 600)];
            random.NextBytes(bytes);
            if (i % 3 == 0)
            {
                // Mostly text with stray quotes, separators and line breaks.
                const string alphabet = "ab,;\t\"\r\n@. 名";
                bytes = Encoding.UTF8.GetBytes(new string([.. Enumerable.Range(0, bytes.Length).Select(_ => alphabet[random.Next(alphabet.Length)])]));
            }

            var result = CsvInviteReader.Read(bytes);
            Assert.True(result.Succeeded || result.ErrorKey is not null);
        }
    }
}
