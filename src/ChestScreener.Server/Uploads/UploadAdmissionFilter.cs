using System.Globalization;
using ChestScreener.Server.Api;
using ChestScreener.Server.Options;
using ChestScreener.Server.Storage;
using Microsoft.Extensions.Options;

namespace ChestScreener.Server.Uploads;

/// <summary>
/// Backpressure on POST /api/v1/studies and on STOW-RS (POST /dicomweb/studies), decided before a byte of the body is read: 429 with Retry-After when the queue already
/// holds <see cref="ServerOptions.MaxQueuedStudies"/> studies (counting uploads still arriving), 503 with Retry-After when
/// <see cref="ServerOptions.MaxConcurrentUploads"/> uploads are streaming into this process at once.
/// </summary>
public sealed class UploadAdmissionFilter(UploadReceiver receiver, IStudyStore store, IOptions<ServerOptions> options, ILogger<UploadAdmissionFilter> log) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var o = options.Value;
        var http = context.HttpContext;
        if (!receiver.TryStartUpload(o.MaxConcurrentUploads))
        {
            log.LogInformation("upload refused: {Count} uploads already in progress", o.MaxConcurrentUploads);
            return Busy(http, StatusCodes.Status503ServiceUnavailable, o.RetryAfterSeconds, "Too many uploads at once",
                $"{o.MaxConcurrentUploads} uploads are arriving right now; send this one again after the time in Retry-After");
        }
        try
        {
            // Uploads streaming in count as waiting: otherwise a burst passes the check all at once before any is queued.
            int waiting = CountQueued() + receiver.UploadsInProgress - 1;
            if (waiting >= o.MaxQueuedStudies)
            {
                log.LogInformation("upload refused: {Waiting} studies waiting, limit {Limit}", waiting, o.MaxQueuedStudies);
                return Busy(http, StatusCodes.Status429TooManyRequests, o.RetryAfterSeconds, "The queue is full",
                    $"{waiting} studies are waiting for analysis (limit {o.MaxQueuedStudies}); send this one again after the time in Retry-After");
            }
            return await next(context);
        }
        finally
        {
            receiver.EndUpload();
        }
    }

    private int CountQueued()
    {
        int queued = 0;
        foreach (var s in store.ListUnfinished())
        {
            if (s.Status == StudyStatus.Queued) queued++;
        }
        return queued;
    }

    private static object Busy(HttpContext http, int status, int retryAfterSeconds, string title, string detail)
    {
        http.Response.Headers.RetryAfter = retryAfterSeconds.ToString(CultureInfo.InvariantCulture);
        return Problems.Make(status, Problems.Busy, title, detail);
    }
}
