namespace ChestScreener.Server.Tests.ScaleOut;

/// <summary>Tests that share one throwaway PostgreSQL cluster; run one after another, and alone (the cluster test times real processes).</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class PostgresCollection : ICollectionFixture<PostgresCluster>
{
    public const string Name = "postgres";
}
