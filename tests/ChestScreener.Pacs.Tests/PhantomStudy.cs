using ChestScreener.Dicom.Writing;
using ChestScreener.Imaging;
using ChestScreener.Imaging.Geometry;

namespace ChestScreener.Pacs.Tests;

/// <summary>A small synthetic chest-like CT series written as DICOM (64x64x40, 5.5 mm pixels, 5 mm slices = 200 mm), fast to send anywhere.</summary>
public static class PhantomStudy
{
    public static readonly VolumeGeometry Grid = VolumeGeometry.Axial(64, 64, 40, new Vec3(5.5, 5.5, 5.0), new Vec3(-173.25, -173.25, -300));

    /// <summary>Writes the series into <paramref name="folder"/>; returns its tags (UIDs, patient name/id) and the file paths in slice order.</summary>
    public static (SeriesTags Tags, List<string> Files) Write(string folder, string name = "phantom")
    {
        var hu = new Volume<short>(Grid);
        var g = Grid;
        for (int z = 0; z < g.SizeZ; z++)
        {
            var slice = hu.Slice(z);
            for (int y = 0; y < g.SizeY; y++)
            for (int x = 0; x < g.SizeX; x++)
            {
                double bx = (x - 32) / 28.0, by = (y - 32) / 20.0;
                short v = -1000;
                if (bx * bx + by * by < 1)
                {
                    v = 40;
                    double lx = (Math.Abs(x - 32) - 13) / 9.0, ly = (y - 31) / 14.0;
                    if (lx * lx + ly * ly < 1) v = -850;
                }
                slice[y * g.SizeX + x] = v;
            }
        }
        var tags = SeriesTags.For(name, Environment.TickCount) with { PatientName = "Phantom^Pacs", PatientId = "PACS-" + name, StudyId = "77" };
        return (tags, CtSeriesWriter.Write(folder, hu, tags));
    }
}
