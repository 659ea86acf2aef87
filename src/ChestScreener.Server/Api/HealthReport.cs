using ChestScreener.Server.Health;
using ChestScreener.Server.Options;
using ChestScreener.Server.Storage;

namespace ChestScreener.Server.Api;

/// <summary>Builds the GET /api/v1/health answer, the same for api and worker processes.</summary>
public static class HealthReport
{
    public static HealthDto Build(IStudyStore store, ServerOptions o, ServiceHealth health, bool viewer)
    {
        int queued = 0, processing = 0;
        foreach (var s in store.ListUnfinished())
        {
            if (s.Status == StudyStatus.Queued) queued++;
            else if (s.Status == StudyStatus.Processing) processing++;
        }
        var problems = health.Problems();
        return new HealthDto(problems.Count == 0 ? "ok" : "degraded", queued, processing, o.WorkerCount, o.Store, o.Processor, viewer,
            health.AuditFailures, problems);
    }
}
