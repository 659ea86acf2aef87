using ChestScreener.Anatomy.Tests.Phantoms;

namespace ChestScreener.Anatomy.Tests;

/// <summary>Dice of predicted lung labels against a phantom's truth, overall and per side.</summary>
public sealed record Overlap(double LungDice, double RightDice, double LeftDice, long SwappedVoxels, long TruthLungVoxels)
{
    public static Overlap Measure(byte[] labels, byte[] truth)
    {
        long pl = 0, tl = 0, both = 0, pr = 0, tr = 0, br = 0, pL = 0, tL = 0, bL = 0, swapped = 0;
        for (int i = 0; i < labels.Length; i++)
        {
            byte l = labels[i], t = truth[i];
            bool predR = RegionMap.IsRightLung(l), predL = RegionMap.IsLeftLung(l);
            bool trueR = t == ChestPhantom.TruthRight, trueL = t == ChestPhantom.TruthLeft;
            if (predR || predL) pl++;
            if (trueR || trueL) tl++;
            if ((predR || predL) && (trueR || trueL)) both++;
            if (predR) pr++;
            if (trueR) tr++;
            if (predR && trueR) br++;
            if (predL) pL++;
            if (trueL) tL++;
            if (predL && trueL) bL++;
            if ((predR && trueL) || (predL && trueR)) swapped++;
        }
        return new Overlap(2.0 * both / (pl + tl), 2.0 * br / (pr + tr), 2.0 * bL / (pL + tL), swapped, tl);
    }
}
