using ChestScreener.Server.Options;
using Hangfire;

namespace ChestScreener.Server.Storage;

/// <summary>Makes the job engine's storage and the study store for one kind of database (SQLite now; PostgreSQL later).</summary>
public interface IJobStoreFactory
{
    /// <summary>The value of <see cref="ServerOptions.Store"/> this factory serves.</summary>
    string Name { get; }
    JobStorage CreateJobStorage(ServerOptions options);
    IStudyStore CreateStudyStore(ServerOptions options);
}
