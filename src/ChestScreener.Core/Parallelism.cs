namespace ChestScreener;

/// <summary>
/// The one meaning of a thread count everywhere in the program: a positive number is used as given, 0 (or less) means
/// every core this process may use. Stages receive counts resolved here, so no stage can read 0 as "one thread".
/// </summary>
public static class Parallelism
{
    /// <summary>The thread count a stage should use for a requested <paramref name="threads"/>.</summary>
    public static int Resolve(int threads) => threads > 0 ? threads : Environment.ProcessorCount;

    /// <summary><see cref="ParallelOptions"/> limited to <see cref="Resolve"/>(<paramref name="threads"/>).</summary>
    public static ParallelOptions Options(int threads) => new() { MaxDegreeOfParallelism = Resolve(threads) };

    /// <summary>
    /// Threads for one of <paramref name="concurrentAnalyses"/> analyses that run side by side: <paramref name="threads"/>
    /// when set, else this process's cores divided among the analyses (at least one each), so that N workers on N cores
    /// do not each start N threads.
    /// </summary>
    public static int PerAnalysis(int threads, int concurrentAnalyses) =>
        threads > 0 ? threads : Math.Max(1, Environment.ProcessorCount / Math.Max(1, concurrentAnalyses));
}
