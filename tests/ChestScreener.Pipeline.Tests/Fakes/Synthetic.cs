using ChestScreener.Anatomy;
using ChestScreener.Imaging;
using ChestScreener.Imaging.Geometry;

namespace ChestScreener.Pipeline.Tests.Fakes;

/// <summary>Small synthetic volumes: a CT grid, region labels split into right/left lung by x, and score maps with spheres.</summary>
public static class Synthetic
{
    public static CtVolume Ct(VolumeGeometry g, string studyUid = "1.2.3.4", string seriesUid = "1.2.3.4.5")
    {
        var hu = new Volume<short>(g);
        Array.Fill(hu.Data, (short)-800);
        return new CtVolume(hu, new ScanInfo { StudyUid = studyUid, SeriesUid = seriesUid, Modality = "CT", Source = "synthetic" }, ["synthetic warning"]);
    }

    /// <summary>Patient right is LPS -x: voxels whose centre has LPS x below <paramref name="splitX"/> are right upper lung, the rest left upper lung.</summary>
    public static AnatomyResult Anatomy(VolumeGeometry g, double splitX = 0)
    {
        var labels = new Volume<byte>(g);
        var body = new Volume<byte>(g);
        Array.Fill(body.Data, (byte)1);
        for (int z = 0; z < g.SizeZ; z++)
        for (int y = 0; y < g.SizeY; y++)
        for (int x = 0; x < g.SizeX; x++)
            labels[x, y, z] = g.IndexToLps(x, y, z).X < splitX ? RegionMap.RightLungUpper : RegionMap.LeftLungUpper;
        return new AnatomyResult { Labels = labels, Body = body, LeftLungMl = 1000, RightLungMl = 1100, Checks = ["synthetic lungs"] };
    }

    /// <summary>Adds a sphere of constant score (radius in voxels) around a voxel centre.</summary>
    public static void Sphere(Volume<float> scores, int cx, int cy, int cz, double radius, float score)
    {
        int r = (int)Math.Ceiling(radius);
        for (int z = cz - r; z <= cz + r; z++)
        for (int y = cy - r; y <= cy + r; y++)
        for (int x = cx - r; x <= cx + r; x++)
        {
            if (!scores.Geometry.Contains(x, y, z)) continue;
            double d2 = (x - cx) * (x - cx) + (y - cy) * (y - cy) + (z - cz) * (z - cz);
            if (d2 <= radius * radius) scores[x, y, z] = score;
        }
    }

    /// <summary>A tilted, non-orthogonal, partly flipped grid (gantry tilt about x, rotation in-plane, columns running right-to-left).</summary>
    public static VolumeGeometry Oblique(int sx = 40, int sy = 36, int sz = 30)
    {
        double a = 20 * Math.PI / 180, tilt = 15 * Math.PI / 180;
        var axisX = new Vec3(-Math.Cos(a), -Math.Sin(a), 0);
        var axisY = new Vec3(-Math.Sin(a), Math.Cos(a), 0);
        var axisZ = new Vec3(0, Math.Sin(tilt), Math.Cos(tilt));
        return new VolumeGeometry(sx, sy, sz, new Vec3(0.8, 0.7, 2.5), new Vec3(30, -12, -400), axisX, axisY, axisZ);
    }
}
