namespace ChestScreener.Training.Validation;

/// <summary>
/// Splits a manifest's patients into k folds: patients sorted by name, shuffled by a seeded generator, dealt round
/// robin. Every study of a patient lands in the same fold, so no fold's model has seen a left-out patient.
/// </summary>
public static class PatientFolds
{
    /// <returns>patient → fold (0-based).</returns>
    public static Dictionary<string, int> Assign(IEnumerable<string> patients, int folds, int seed)
    {
        var distinct = patients.Distinct().Order(StringComparer.Ordinal).ToArray();
        if (folds < 2) throw new ArgumentException("cross-validation needs at least 2 folds");
        if (distinct.Length < folds) throw new ArgumentException($"{folds} folds need at least {folds} patients (the manifest has {distinct.Length})");
        new Random(seed).Shuffle(distinct);
        var result = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < distinct.Length; i++) result[distinct[i]] = i % folds;
        return result;
    }
}
