using ChestScreener.Anatomy;
using ChestScreener.Evaluation.Synthesis;
using ChestScreener.Imaging;
using ChestScreener.Imaging.Geometry;

namespace ChestScreener.Evaluation.Tests;

/// <summary>A small synthetic chest slab: soft-tissue body, two lungs with parenchyma, vessels and noise, and exact zone labels.</summary>
internal static class Phantom
{
    public static SynthSlab Slab(int seed = 1)
    {
        int nx = 120, ny = 90, nz = 40;
        var g = new VolumeGeometry(nx, ny, nz, new Vec3(1.5, 1.5, 2.0), new Vec3(-90, -70, -40), new Vec3(1, 0, 0), new Vec3(0, 1, 0), new Vec3(0, 0, 1));
        var hu = new Volume<short>(g);
        var labels = new Volume<byte>(g);
        var rng = new Random(seed);
        for (int z = 0; z < nz; z++)
            for (int y = 0; y < ny; y++)
                for (int x = 0; x < nx; x++)
                {
                    double bx = (x - 60) / 56.0, by = (y - 45) / 42.0;
                    double noise = 15 * Gaussian(rng);
                    short v = -1024;
                    byte label = 0;
                    if (bx * bx + by * by < 1)
                    {
                        v = (short)(40 + noise);
                        label = RegionMap.Other;
                        foreach (int cx in new[] { 33, 87 })
                        {
                            double lx = (x - cx) / 22.0, ly = (y - 45) / 30.0;
                            if (lx * lx + ly * ly >= 1) continue;
                            bool vessel = (x + 2 * y + 3 * z) % 23 == 0;
                            v = (short)(vessel ? 30 + noise : -860 + noise);
                            int zone = z * 3 / nz; // 0 lower, 1 middle, 2 upper (z runs foot -> head)
                            bool right = cx < 60; // LPS +x is patient left: low x is the right lung
                            label = (byte)((right ? RegionMap.RightLungLower : RegionMap.LeftLungLower) - zone);
                        }
                    }
                    hu[x, y, z] = v;
                    labels[x, y, z] = label;
                }
        var ct = new CtVolume(hu, new ScanInfo { Modality = "CT", BodyPartExamined = "CHEST" });
        return new SynthSlab("phantom", ct, labels, 15);
    }

    private static double Gaussian(Random rng) => Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
}
