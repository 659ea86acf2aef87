using ChestScreener.Imaging.Geometry;
using ChestScreener.Model.Preprocessing;

namespace ChestScreener.Training.Data;

/// <summary>A preprocessed normal study plus its exclusion boxes (dilated) on the model grid, ready for crop sampling.</summary>
public sealed class TrainingVolume
{
    public TrainingVolume(string name, PreprocessedVolume volume, IReadOnlyList<LpsBox> exclude, double dilateMm)
    {
        Name = name;
        Volume = volume;
        var boxes = new List<double[]>();
        foreach (var b in exclude)
        {
            var d = b.Dilate(dilateMm);
            double[] box = [double.MaxValue, double.MaxValue, double.MaxValue, double.MinValue, double.MinValue, double.MinValue];
            for (int c = 0; c < 8; c++)
            {
                var p = new Vec3((c & 1) == 0 ? d.Min.X : d.Max.X, (c & 2) == 0 ? d.Min.Y : d.Max.Y, (c & 4) == 0 ? d.Min.Z : d.Max.Z);
                var q = volume.Geometry.LpsToIndex(p);
                box[0] = Math.Min(box[0], q.X); box[1] = Math.Min(box[1], q.Y); box[2] = Math.Min(box[2], q.Z);
                box[3] = Math.Max(box[3], q.X); box[4] = Math.Max(box[4], q.Y); box[5] = Math.Max(box[5], q.Z);
            }
            boxes.Add(box);
        }
        ExcludedBoxes = boxes;
        var body = new List<int>();
        for (int i = 0; i < volume.Body.Length; i += 3) if (volume.Body[i] != 0) body.Add(i);
        BodySamples = body.ToArray();
    }

    public string Name { get; }
    public PreprocessedVolume Volume { get; }
    /// <summary>Dilated exclusion boxes as model-grid index ranges (x0,y0,z0,x1,y1,z1).</summary>
    public IReadOnlyList<double[]> ExcludedBoxes { get; }
    /// <summary>Every third body voxel index: crop centres are drawn from these.</summary>
    public int[] BodySamples { get; }

    public bool Intersects(double x0, double y0, double z0, double x1, double y1, double z1)
    {
        foreach (var b in ExcludedBoxes)
        {
            if (x1 >= b[0] && x0 <= b[3] && y1 >= b[1] && y0 <= b[4] && z1 >= b[2] && z0 <= b[5]) return true;
        }
        return false;
    }

    /// <summary>True when a model-grid voxel lies in an excluded (dilated) box.</summary>
    public bool IsExcluded(int x, int y, int z) => Intersects(x, y, z, x, y, z);
}
