namespace SalesInsightActions.Web.Connections.Marketo;

/// <summary>
/// Reads a remote file and, when the connection breaks mid-way, reopens it from the current byte with HTTP Range.
/// If the server ignores Range (answers 200), the bytes already delivered are skipped.
/// </summary>
internal sealed class ResumableDownloadStream(
    Func<long, CancellationToken, Task<(Stream Stream, bool Partial)>> open,
    int maxResumes,
    Action<long, int> onResume) : ReadOnlyStream
{
    private Stream? _current;
    private long _position;
    private int _resumes;

    public async Task OpenAsync(CancellationToken cancellationToken) =>
        _current = await OpenAtAsync(0, cancellationToken).ConfigureAwait(false);

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        while (true)
        {
            _current ??= await OpenAtAsync(_position, cancellationToken).ConfigureAwait(false);
            try
            {
                var read = await _current.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
                _position += read;
                return read;
            }
            catch (Exception ex) when (ex is IOException or HttpRequestException && !cancellationToken.IsCancellationRequested && _resumes < maxResumes)
            {
                _resumes++;
                onResume(_position, _resumes);
                await _current.DisposeAsync().ConfigureAwait(false);
                _current = null;
            }
        }
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer, offset, count, CancellationToken.None).GetAwaiter().GetResult();

    public override async ValueTask DisposeAsync()
    {
        if (_current is not null)
        {
            await _current.DisposeAsync().ConfigureAwait(false);
        }

        await base.DisposeAsync().ConfigureAwait(false);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _current?.Dispose();
        }

        base.Dispose(disposing);
    }

    private async Task<Stream> OpenAtAsync(long offset, CancellationToken cancellationToken)
    {
        var (stream, partial) = await open(offset, cancellationToken).ConfigureAwait(false);
        if (!partial && offset > 0)
        {
            await SkipAsync(stream, offset, cancellationToken).ConfigureAwait(false);
        }

        return stream;
    }

    private static async Task SkipAsync(Stream stream, long count, CancellationToken cancellationToken)
    {
        var scratch = new byte[81920];
        while (count > 0)
        {
            var read = await stream.ReadAsync(scratch.AsMemory(0, (int)Math.Min(scratch.Length, count)), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                throw new IOException("The export file is shorter than the part already read.");
            }

            count -= read;
        }
    }
}
