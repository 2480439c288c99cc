using Xunit.Sdk;

namespace SalesInsightActions.Tests.Contracts;

public sealed class JsonShapeTests
{
    private const string Documented = """
        {"requestId":"e42b#1","success":true,"result":[{"id":50,"status":"created","reasons":[{"code":"1005","message":"x"}]}],"nextPageToken":null}
        """;

    [Fact]
    public void Missing_property_fails_with_its_path()
    {
        string mismatch = JsonShape.FirstMismatch(Documented, """{"requestId":"a","success":true,"result":[{"id":1,"reasons":[{"code":"1"}]}]}""")!;

        Assert.StartsWith("$.result[0].status: documented string, missing in actual", mismatch, StringComparison.Ordinal);
        Assert.Throws<XunitException>(() => JsonShape.AssertConforms(Documented, """{"requestId":"a","success":true,"result":[{"id":1,"reasons":[{"code":"1"}]}]}"""));
    }

    [Fact]
    public void Kind_mismatch_fails_with_its_path_even_when_deeply_nested()
    {
        string mismatch = JsonShape.FirstMismatch(Documented, """{"requestId":"a","success":true,"result":[{"id":1,"status":"skipped","reasons":[{"code":1005,"message":"x"}]}]}""")!;

        Assert.StartsWith("$.result[0].reasons[0].code: documented string, actual number", mismatch, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"requestId":"a","success":"true","result":[]}""", "$.success: documented boolean, actual string")]
    [InlineData("""{"requestId":"a","success":true,"result":{}}""", "$.result: documented array, actual object")]
    [InlineData("""{"requestId":"a","success":true,"result":[]}""", "$.result: documented array has elements, actual array is empty")]
    [InlineData("""[{"requestId":"a"}]""", "$: documented object, actual array")]
    public void Other_kind_differences_fail(string actual, string expectedStart)
    {
        Assert.StartsWith(expectedStart, JsonShape.FirstMismatch(Documented, actual), StringComparison.Ordinal);
    }

    [Fact]
    public void Extra_members_values_and_any_kind_where_the_sample_has_null_are_accepted()
    {
        const string actual = """
            {"requestId":"other","success":false,"warnings":[],"nextPageToken":"GIYD",
             "result":[{"id":7,"status":"updated","marketoGUID":"7","reasons":[{"code":"1","message":"y","extra":true}]},{"unrelated":1}]}
            """;

        Assert.Null(JsonShape.FirstMismatch(Documented, actual));
        JsonShape.AssertConforms(Documented, actual);
    }

    [Fact]
    public void Only_the_first_array_element_is_compared()
    {
        Assert.Null(JsonShape.FirstMismatch("""[{"id":1},{"name":"b"}]""", """[{"id":2}]"""));
        Assert.NotNull(JsonShape.FirstMismatch("""[{"id":1}]""", """[{"name":"a"},{"id":2}]"""));
    }
}
