using ChestScreener.Imaging.Filters;

namespace ChestScreener.Anatomy;

/// <summary>Lungs and airways on the working grid: air inside the body, trachea grown from a seed, left/right split.</summary>
internal static class LungSegmenter
{
    public const byte Right = 1;
    public const byte Left = 2;

    /// <summary>Lung side per voxel (0, <see cref="Right"/>, <see cref="Left"/>) and airway mask.</summary>
    public sealed class Result
    {
        public required byte[] Side { get; init; }
        public required byte[] Airway { get; init; }
        public bool TracheaFound { get; init; }
        /// <summary>Working-grid slice of the carina (airway splits in two), or -1.</summary>
        public int CarinaSlice { get; init; } = -1;
        public double InternalAirMl { get; init; }
        public List<string> Notes { get; init; } = [];
    }

    public static Result Segment(WorkGrid w, AnatomyOptions o, byte[] bodyFilled)
    {
        var g = w.G;
        var hu = w.Hu.Data;
        var air = new byte[hu.Length];
        short t = o.AirHu;
        long airCount = 0;
        System.Threading.Tasks.Parallel.For(0, g.Z, w.Parallel, () => 0L, (z, _, n) =>
        {
            int off = z * g.Slice;
            for (int i = off; i < off + g.Slice; i++)
            {
                byte a = bodyFilled[i] != 0 && hu[i] < t ? (byte)1 : (byte)0;
                air[i] = a;
                n += a;
            }
            return n;
        }, n => Interlocked.Add(ref airCount, n));

        // Lungs and airways form one or two large air bodies; gas in bowel and skin folds are small beside them.
        var comps = ConnectedComponents.Label3D(air, g);
        var order = comps.BySize();
        var notes = new List<string>();
        if (order.Length == 0) return new Result { Side = new byte[hu.Length], Airway = new byte[hu.Length], InternalAirMl = 0, Notes = notes };
        long largest = comps.Sizes[order[0]];
        var keep = new List<int>();
        foreach (var id in order)
        {
            long n = comps.Sizes[id];
            if (n * w.VoxelMl >= o.MinLungComponentMl && n >= o.MinLungComponentFraction * largest) keep.Add(id);
        }
        if (keep.Count == 0) return new Result { Side = new byte[hu.Length], Airway = new byte[hu.Length], InternalAirMl = airCount * w.VoxelMl, Notes = notes };
        var lungAir = comps.Mask(keep.ToArray());

        var airway = AirwayGrower.Grow(w, o, lungAir, out bool tracheaFound, out int carina, notes);
        if (tracheaFound) DropGasUnderTheLungs(w, comps, keep, airway, lungAir, notes);
        var lung = new byte[hu.Length];
        // The airway wall is partial-volumed air: take one voxel more of air around the tree off the lungs.
        var airwayWide = airway;
        if (tracheaFound)
        {
            airwayWide = BinaryMorphology.Dilate(airway, g, 1, 1, 1, w.Threads);
            for (int i = 0; i < airwayWide.Length; i++) airwayWide[i] &= lungAir[i];
        }
        for (int i = 0; i < lung.Length; i++) lung[i] = lungAir[i] != 0 && airwayWide[i] == 0 ? (byte)1 : (byte)0;

        double midX = Midline(w, bodyFilled, airway, tracheaFound);
        var side = LungSplitter.Split(w, o, lung, midX, notes);

        // Vessels, nodules and airless lung inside each lung's envelope become that lung: lung masks are organ masks.
        PleuralCavity.Grow(w, o, side, airwayWide, bodyFilled, notes);
        // Keep airway voxels that are not lung as the airway label (the widened wall ring included).
        return new Result { Side = side, Airway = airwayWide, TracheaFound = tracheaFound, CarinaSlice = carina, InternalAirMl = airCount * w.VoxelMl, Notes = notes };
    }

    /// <summary>
    /// Air bodies not joined to the airway tree whose top lies below the middle of the airway-joined lungs are gas under
    /// the diaphragm (stomach, colon), not a lung: a lung cut off from the tree at the working grid still reaches up
    /// towards the apex. Removed from <paramref name="lungAir"/>.
    /// </summary>
    private static void DropGasUnderTheLungs(WorkGrid w, ComponentLabels comps, List<int> keep, byte[] airway, byte[] lungAir, List<string> notes)
    {
        var g = w.G;
        // Steps down from the top slice: first/last step of each kept component.
        var first = new Dictionary<int, int>();
        var last = new Dictionary<int, int>();
        var joined = new HashSet<int>();
        for (int k = w.TopSlice, step = 0; k >= 0 && k < g.Z; k += w.DownStep, step++)
        {
            for (int i = k * g.Slice, end = i + g.Slice; i < end; i++)
            {
                int id = comps.Labels[i];
                if (id == 0 || lungAir[i] == 0) continue;
                first.TryAdd(id, step);
                last[id] = step;
                if (airway[i] != 0) joined.Add(id);
            }
        }
        if (joined.Count == 0) return;
        int top = joined.Min(id => first[id]), bottom = joined.Max(id => last[id]);
        int middle = (top + bottom) / 2;
        var drop = keep.Where(id => !joined.Contains(id) && first.TryGetValue(id, out int f) && f > middle).ToHashSet();
        if (drop.Count == 0) return;
        long n = 0;
        for (int i = 0; i < lungAir.Length; i++)
        {
            if (lungAir[i] != 0 && drop.Contains(comps.Labels[i])) { lungAir[i] = 0; n++; }
        }
        notes.Add(FormattableString.Invariant($"gas under the lungs not joined to the airways left out: {n * w.VoxelMl:0} ml in {drop.Count} piece(s)"));
    }

    /// <summary>Patient left-right (LPS x) position of the midline: the trachea when found, else the body centroid.</summary>
    private static double Midline(WorkGrid w, byte[] body, byte[] airway, bool tracheaFound)
    {
        var mask = tracheaFound ? airway : body;
        var g = w.G;
        double sum = 0;
        long n = 0;
        for (int z = 0; z < g.Z; z++)
        {
            for (int y = 0; y < g.Y; y++)
            {
                int row = g.Index(0, y, z);
                for (int x = 0; x < g.X; x++)
                {
                    if (mask[row + x] == 0) continue;
                    sum += w.LpsX(x, y, z);
                    n++;
                }
            }
        }
        return n == 0 ? w.LpsX(g.X / 2, g.Y / 2, g.Z / 2) : sum / n;
    }
}
