using System.Net.Http.Headers;
using System.Text;

namespace ChestScreener.Server.Pacs;

/// <summary>
/// Where the results of STOW-RS studies go: a DICOMweb server by STOW-RS (ResultsStowUrl), else the Orthanc of the bridge by its
/// REST API (OrthancUrl with OrthancPushResults, the path the results of pulled studies take), else nowhere.
/// </summary>
public static class ResultDestinations
{
    /// <summary>A line naming the destination for logs; null when none is configured.</summary>
    public static string? Describe(PacsOptions o) =>
        !string.IsNullOrWhiteSpace(o.ResultsStowUrl) ? $"STOW-RS {o.ResultsStowUrl}"
        : !string.IsNullOrWhiteSpace(o.OrthancUrl) && o.OrthancPushResults ? $"Orthanc {o.OrthancUrl}"
        : null;

    /// <summary>Sends the files to the configured destination; throws when it does not take them all.</summary>
    public static Func<IReadOnlyList<string>, CancellationToken, Task> Create(PacsOptions o)
    {
        if (!string.IsNullOrWhiteSpace(o.ResultsStowUrl))
        {
            var http = new HttpClient { BaseAddress = new Uri(o.ResultsStowUrl.TrimEnd('/') + "/"), Timeout = TimeSpan.FromMinutes(10) };
            if (!string.IsNullOrEmpty(o.ResultsStowUser))
                http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic",
                    Convert.ToBase64String(Encoding.UTF8.GetBytes($"{o.ResultsStowUser}:{o.ResultsStowPassword}")));
            var stow = new StowRsClient(http);
            return stow.StoreAsync;
        }
        var orthanc = OrthancClient.Create(o);
        return async (files, ct) =>
        {
            foreach (var f in files) await orthanc.UploadAsync(f, ct);
        };
    }
}
