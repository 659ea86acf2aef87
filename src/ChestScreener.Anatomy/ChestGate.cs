namespace ChestScreener.Anatomy;

/// <summary>Accepts only scans that show two plausible lungs with a mediastinum between them; throws not_chest / incomplete_series otherwise.</summary>
public static class ChestGate
{
    public static void Check(AnatomyResult anatomy) =>
        throw new NotImplementedException("ChestGate.Check is being written (issue 3)");
}
