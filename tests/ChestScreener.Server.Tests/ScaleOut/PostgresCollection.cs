namespace ChestScreener.Server.Tests.ScaleOut;

/// <summary>Tests that share one throwaway PostgreSQL cluster (run one after another).</summary>
[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresCluster>
{
    public const string Name = "postgres";
}
