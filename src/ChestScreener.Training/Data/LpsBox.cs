using ChestScreener.Imaging.Geometry;

namespace ChestScreener.Training.Data;

/// <summary>An axis-aligned box in patient coordinates (LPS, mm): a region training must never see.</summary>
public readonly record struct LpsBox(Vec3 Min, Vec3 Max)
{
    public LpsBox Dilate(double mm) => new(Min - new Vec3(mm, mm, mm), Max + new Vec3(mm, mm, mm));

    /// <summary>Parses "x0 y0 z0 x1 y1 z1" (spaces or commas).</summary>
    public static LpsBox Parse(string text)
    {
        var p = text.Split([' ', ',', '\t'], StringSplitOptions.RemoveEmptyEntries);
        if (p.Length != 6) throw new FormatException($"an exclusion box needs 6 numbers (x0 y0 z0 x1 y1 z1 in LPS mm), got '{text}'");
        var v = p.Select(s => double.Parse(s, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        return new LpsBox(new Vec3(Math.Min(v[0], v[3]), Math.Min(v[1], v[4]), Math.Min(v[2], v[5])),
            new Vec3(Math.Max(v[0], v[3]), Math.Max(v[1], v[4]), Math.Max(v[2], v[5])));
    }

    public override string ToString() => FormattableString.Invariant($"{Min.X} {Min.Y} {Min.Z} {Max.X} {Max.Y} {Max.Z}");
}
