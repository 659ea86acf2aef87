using ChestScreener.Training.Validation;

namespace ChestScreener.Training.Tests.Validation;

public sealed class PatientFoldsTests
{
    private static readonly string[] Patients = ["p1", "p2", "p3", "p4", "p5", "p6", "p7", "p8", "p9"];

    [Fact]
    public void Every_patient_gets_one_fold_and_the_folds_are_balanced()
    {
        // p3 has three studies: they must all land in one fold, and the count per fold is by patient, not by study.
        var folds = PatientFolds.Assign([.. Patients, "p3", "p3"], 3, seed: 1);
        Assert.Equal(Patients.Order(), folds.Keys.Order());
        Assert.All(folds.Values, f => Assert.InRange(f, 0, 2));
        Assert.Equal([3, 3, 3], folds.Values.GroupBy(f => f).OrderBy(g => g.Key).Select(g => g.Count()));
    }

    [Fact]
    public void The_split_depends_on_the_seed_only_not_on_the_order_of_the_manifest()
    {
        var a = PatientFolds.Assign(Patients, 3, seed: 1);
        var b = PatientFolds.Assign(Patients.Reverse(), 3, seed: 1);
        Assert.Equal(a.OrderBy(kv => kv.Key), b.OrderBy(kv => kv.Key));
        var others = Enumerable.Range(2, 20).Select(s => PatientFolds.Assign(Patients, 3, s));
        Assert.Contains(others, o => o.Any(kv => kv.Value != a[kv.Key]));
    }

    [Fact]
    public void Fewer_patients_than_folds_is_refused()
    {
        Assert.Throws<ArgumentException>(() => PatientFolds.Assign(["a", "b", "a"], 3, 1));
        Assert.Throws<ArgumentException>(() => PatientFolds.Assign(Patients, 1, 1));
    }
}
