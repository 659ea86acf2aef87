namespace ChestScreener.Cli.Commands;

/// <summary>Exit codes of `screener` (docs/ARCHITECTURE.md): 0 every input produced a result, 1 something failed unexpectedly, 2 usage error.</summary>
public static class ExitCodes
{
    public const int Ok = 0;
    public const int Failure = 1;
    public const int Usage = 2;
}
