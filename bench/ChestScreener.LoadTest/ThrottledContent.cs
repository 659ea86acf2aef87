using System.Net;

namespace ChestScreener.LoadTest;

/// <summary>
/// A request body sent at a fixed rate, in 16 kB pieces: a study arriving over a slow hospital link. It keeps an upload
/// on the wire long enough for the kill run's SIGKILLs to land in the middle of it.
/// </summary>
public sealed class ThrottledContent(byte[] body, int bytesPerSecond) : HttpContent
{
    private const int Piece = 16 * 1024;

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken ct)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        for (int at = 0; at < body.Length; at += Piece)
        {
            int n = Math.Min(Piece, body.Length - at);
            await stream.WriteAsync(body.AsMemory(at, n), ct);
            await stream.FlushAsync(ct);
            // Sleep until the bytes sent so far are due at the given rate.
            var due = TimeSpan.FromSeconds((double)(at + n) / bytesPerSecond);
            if (due > clock.Elapsed) await Task.Delay(due - clock.Elapsed, ct);
        }
    }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override bool TryComputeLength(out long length)
    {
        length = body.Length;
        return true;
    }
}
