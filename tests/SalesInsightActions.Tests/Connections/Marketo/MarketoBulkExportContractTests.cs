using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using SalesInsightActions.Web.Connections.Marketo.Wire;

namespace SalesInsightActions.Tests.Connections.Marketo;

public sealed class MarketoBulkExportContractTests
{
    private const string Csv = "id,firstName,email,sfdcLeadId\r\n1,Ann,ann@example.com,null\r\n2,\"Smith, \"\"Bo\"\"\",bo@example.com,00Q000000000001AAA\r\n3,\"Multi\nLine\",c@example.com,null\r\n";

    [Fact]
    public async Task Create_enqueue_and_poll_until_completed_parse_the_job_shape()
    {
        var statuses = new Queue<string>(["Queued", "Processing", "Completed"]);
        var stub = MarketoTestHost.Stub(call => call.Path switch
        {
            "/bulk/v1/leads/export/create.json" => StubHttpHandler.Json("""{"requestId":"e42b#1","result":[{"exportId":"ce45a7a1-f19d-4ce2-882c-a3c795940a7d","format":"CSV","status":"Created","createdAt":"2017-01-21T11:47:30-08:00"}],"success":true}"""),
            "/bulk/v1/leads/export/ce45a7a1-f19d-4ce2-882c-a3c795940a7d/enqueue.json" => StubHttpHandler.Json("""{"requestId":"e42b#2","result":[{"exportId":"ce45a7a1-f19d-4ce2-882c-a3c795940a7d","format":"CSV","status":"Queued","createdAt":"2017-01-21T11:47:30-08:00","queuedAt":"2017-01-21T11:48:30-08:00"}],"success":true}"""),
            _ => StatusResponse(statuses.Dequeue()),
        });
        await using var provider = MarketoTestHost.Build(stub);
        var client = provider.Client();

        var created = await client.CreateLeadExportAsync(["id", "email"], new BulkExportFilter(CreatedAt: new BulkExportDateRange(
            new DateTimeOffset(2017, 1, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2017, 1, 31, 0, 0, 0, TimeSpan.Zero))));
        var queued = await client.EnqueueLeadExportAsync(created.ExportId);
        var done = await client.WaitForLeadExportAsync(created.ExportId);

        using var body = JsonDocument.Parse(stub.CallsTo("create.json").Single().Body!);
        Assert.Equal("CSV", body.RootElement.GetProperty("format").GetString());
        Assert.Equal("2017-01-01T00:00:00Z", body.RootElement.GetProperty("filter").GetProperty("createdAt").GetProperty("startAt").GetString());
        Assert.Equal(("Created", "Queued"), (created.Status, queued.Status));
        Assert.True(done.IsCompleted);
        Assert.Equal((3L, 1234L, "sha256:95e7d4e7f9a5c1d4"), (done.NumberOfRecords!.Value, done.FileSize!.Value, done.FileChecksum));
        Assert.Equal(3, stub.CallsTo("status.json").Count);
    }

    [Fact]
    public async Task Enqueue_answered_1029_job_already_queued_is_success_and_returns_the_job_status()
    {
        var stub = MarketoTestHost.Stub(call => call.Path.EndsWith("/enqueue.json", StringComparison.Ordinal)
            ? StubHttpHandler.Json("""{"requestId":"e42b#3","success":false,"errors":[{"code":"1029","message":"Job already queued"}]}""")
            : StatusResponse("Processing"));
        await using var provider = MarketoTestHost.Build(stub);

        var job = await provider.Client().EnqueueLeadExportAsync("ce45a7a1-f19d-4ce2-882c-a3c795940a7d");

        Assert.Equal("Processing", job.Status);
        Assert.Single(stub.CallsTo("enqueue.json"));
    }

    [Fact]
    public async Task Waiting_for_an_export_polls_once_a_minute_by_default_and_accepts_canceled_spelled_either_way()
    {
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(2026, 6, 1, 12, 0, 0, TimeSpan.Zero));
        var statuses = new Queue<string>(["Queued", "Processing", "Canceled"]);
        var stub = MarketoTestHost.Stub(_ => StatusResponse(statuses.Dequeue()));
        await using var provider = MarketoTestHost.Build(stub, new() { ["Marketo:BulkExportPollInterval"] = "00:01:00" }, clock);

        var waiting = provider.Client().WaitForLeadExportAsync("ce45a7a1-f19d-4ce2-882c-a3c795940a7d");
        await Simulators.Poll.UntilAsync(() => Task.FromResult(stub.CallsTo("status.json").Count), n => n == 1);
        clock.Advance(TimeSpan.FromSeconds(59));
        await Task.Delay(200);
        var beforeAMinute = stub.CallsTo("status.json").Count;
        clock.Advance(TimeSpan.FromSeconds(1));
        await Simulators.Poll.UntilAsync(() => Task.FromResult(stub.CallsTo("status.json").Count), n => n == 2);
        clock.Advance(TimeSpan.FromMinutes(1));
        var done = await waiting;

        Assert.Equal(1, beforeAMinute);
        Assert.Equal("Canceled", done.Status);
        Assert.True(done.IsTerminal);
        Assert.Equal(3, stub.CallsTo("status.json").Count);
    }

    [Fact]
    public async Task Export_rows_stream_with_null_values_quotes_and_embedded_line_breaks()
    {
        var stub = MarketoTestHost.Stub(_ => new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(Csv, Encoding.UTF8, "text/csv") });
        await using var provider = MarketoTestHost.Build(stub);

        var rows = await provider.Client().ReadLeadExportRowsAsync("ce45").ToListAsync();

        Assert.Equal("/bulk/v1/leads/export/ce45/file.json", stub.Calls.Last().Path);
        Assert.Equal(3, rows.Count);
        Assert.Null(rows[0]["sfdcLeadId"]);
        Assert.Equal("Smith, \"Bo\"", rows[1]["firstName"]);
        Assert.Equal("00Q000000000001AAA", rows[1]["sfdcLeadId"]);
        Assert.Equal("Multi\nLine", rows[2]["firstName"]);
    }

    [Fact]
    public async Task Broken_download_resumes_with_a_range_request_from_the_byte_already_read()
    {
        var bytes = Encoding.UTF8.GetBytes(Csv);
        const int breakAt = 40;
        var stub = MarketoTestHost.Stub(call =>
        {
            if (!call.Headers.TryGetValue("Range", out var range))
            {
                return new HttpResponseMessage(HttpStatusCode.OK) { Content = new StreamContent(new BreakingStream(bytes, breakAt)) { Headers = { ContentType = new MediaTypeHeaderValue("text/csv") } } };
            }

            var from = int.Parse(range["bytes=".Length..].TrimEnd('-'), System.Globalization.CultureInfo.InvariantCulture);
            var partial = new HttpResponseMessage(HttpStatusCode.PartialContent) { Content = new ByteArrayContent(bytes[from..]) };
            partial.Content.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
            return partial;
        });
        await using var provider = MarketoTestHost.Build(stub);

        var rows = await provider.Client().ReadLeadExportRowsAsync("ce45").ToListAsync();

        Assert.Equal(["1", "2", "3"], rows.Select(r => r["id"]));
        var files = stub.CallsTo("file.json");
        Assert.Equal(2, files.Count);
        Assert.Equal($"bytes={breakAt}-", files[1].Headers["Range"]);
    }

    [Fact]
    public async Task Unfinished_export_file_is_a_typed_error()
    {
        var stub = MarketoTestHost.Stub(_ => StubHttpHandler.Json("""{"requestId":"1","success":false,"errors":[{"code":"1003","message":"Export job not completed"}]}""", HttpStatusCode.NotFound));
        await using var provider = MarketoTestHost.Build(stub);

        var error = await Assert.ThrowsAsync<SalesInsightActions.Web.Connections.Marketo.MarketoApiException>(
            () => provider.Client().OpenLeadExportFileAsync("nope"));

        Assert.Equal("1003", error.ErrorCode);
    }

    private static HttpResponseMessage StatusResponse(string status) => StubHttpHandler.Json(status == "Completed"
        ? """{"requestId":"3","result":[{"exportId":"ce45a7a1-f19d-4ce2-882c-a3c795940a7d","format":"CSV","status":"Completed","createdAt":"2017-01-21T11:47:30-08:00","queuedAt":"2017-01-21T11:48:30-08:00","startedAt":"2017-01-21T11:51:30-08:00","finishedAt":"2017-01-21T12:59:30-08:00","numberOfRecords":3,"fileSize":1234,"fileChecksum":"sha256:95e7d4e7f9a5c1d4"}],"success":true}"""
        : $$"""{"requestId":"3","result":[{"exportId":"ce45a7a1-f19d-4ce2-882c-a3c795940a7d","format":"CSV","status":"{{status}}","createdAt":"2017-01-21T11:47:30-08:00"}],"success":true}""");

    /// <summary>Delivers the first bytes, then fails like a dropped connection.</summary>
    private sealed class BreakingStream(byte[] data, int breakAt) : Stream
    {
        private int _position;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => data.Length;

        public override long Position { get => _position; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            if (_position >= breakAt)
            {
                throw new IOException("connection reset");
            }

            var n = Math.Min(count, breakAt - _position);
            Array.Copy(data, _position, buffer, offset, n);
            _position += n;
            return n;
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => Task.FromResult(Read(buffer, offset, count));

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            var scratch = new byte[buffer.Length];
            var n = Read(scratch, 0, scratch.Length);
            scratch.AsSpan(0, n).CopyTo(buffer.Span);
            return ValueTask.FromResult(n);
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
