using SalesInsightActions.Web.Users.CsvInvites;

namespace SalesInsightActions.Tests.Users.CsvInvites;

public sealed class CsvColumnMapperTests
{
    [Theory]
    [InlineData("email", "first name", "last name", "team", "role")]
    [InlineData("E-mail", "FirstName", "LastName", "Team", "ROLE")]
    [InlineData("Email Address", "Given Name", "Surname", "team_name", " Role ")]
    [InlineData("e_mail", "first-name", "Family Name", "TEAM", "User Role")]
    [InlineData("邮箱", "名", "姓", "团队", "角色")]
    [InlineData("电子邮件", "名字", "姓氏", "团队名称", "用户角色")]
    public void Recognised_headers_map_to_their_fields(string email, string first, string last, string team, string role)
    {
        var mapping = CsvColumnMapper.AutoMap(["notes", role, team, last, first, email]);

        Assert.Equal(5, mapping.ColumnOf(CsvInviteField.Email));
        Assert.Equal(4, mapping.ColumnOf(CsvInviteField.FirstName));
        Assert.Equal(3, mapping.ColumnOf(CsvInviteField.LastName));
        Assert.Equal(2, mapping.ColumnOf(CsvInviteField.Team));
        Assert.Equal(1, mapping.ColumnOf(CsvInviteField.Role));
        Assert.Null(mapping.Validate(6));
    }

    [Fact]
    public void Unknown_headers_stay_unmapped_and_the_first_matching_column_wins()
    {
        var mapping = CsvColumnMapper.AutoMap(["Full name", "Work email", "email", "E-mail"]);

        Assert.Equal(2, mapping.ColumnOf(CsvInviteField.Email));
        Assert.Single(mapping.Columns);
    }

    [Fact]
    public void A_file_without_a_recognised_email_column_must_be_mapped_by_hand()
    {
        var mapping = CsvColumnMapper.AutoMap(["Work address", "Name"]);

        Assert.Equal(CsvColumnMapping.EmailRequired, mapping.Validate(2));
    }

    [Fact]
    public void Mapping_validation_refuses_a_column_used_twice_or_outside_the_file()
    {
        Assert.Equal(CsvColumnMapping.ColumnUsedTwice, new CsvColumnMapping(new Dictionary<CsvInviteField, int> { [CsvInviteField.Email] = 0, [CsvInviteField.Team] = 0 }).Validate(2));
        Assert.Equal(CsvColumnMapping.UnknownColumn, new CsvColumnMapping(new Dictionary<CsvInviteField, int> { [CsvInviteField.Email] = 2 }).Validate(2));
    }

    [Fact]
    public void Mapping_survives_its_json_round_trip()
    {
        var mapping = new CsvColumnMapping(new Dictionary<CsvInviteField, int> { [CsvInviteField.Email] = 3, [CsvInviteField.Role] = 0 });

        var json = mapping.ToJson();
        var back = CsvColumnMapping.FromJson(json)!;

        Assert.Equal("{\"Email\":3,\"Role\":0}", json);
        Assert.Equal(mapping.Columns, back.Columns);
        Assert.Null(CsvColumnMapping.FromJson(null));
    }

    [Fact]
    public void Rows_become_invite_requests_with_their_data_row_number()
    {
        var document = new CsvInviteDocument("UTF-8", ',', ["team", "email", "first name"],
            [["East", "ana@acme.example", "Ana"], ["", "bo@acme.example"], ["West", "", "Cy"]]);
        var mapping = CsvColumnMapper.AutoMap(document.Headers);

        var requests = CsvColumnMapper.ToRequests(document, mapping);

        Assert.Equal(3, requests.Count);
        Assert.Equal(new Web.Users.Invitations.InviteRequest(1, "ana@acme.example", "Ana", null, "East", null), requests[0]);
        Assert.Equal(new Web.Users.Invitations.InviteRequest(2, "bo@acme.example"), requests[1]);
        Assert.Equal(new Web.Users.Invitations.InviteRequest(3, "", "Cy", null, "West"), requests[2]);
    }

    [Fact]
    public void The_template_maps_every_field_automatically()
    {
        var document = CsvInviteReader.Read(CsvInviteTemplate.Bytes()).Document!;

        var mapping = CsvColumnMapper.AutoMap(document.Headers);

        Assert.Equal(5, mapping.Columns.Count);
        Assert.Single(document.Rows);
        Assert.Equal(CsvTextDecoder.Utf8Bom, document.EncodingName);
    }
}
