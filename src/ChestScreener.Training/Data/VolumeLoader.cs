using ChestScreener.Imaging;
using ChestScreener.Imaging.Nifti;

namespace ChestScreener.Training.Data;

/// <summary>Reads a study for training/evaluation: NIfTI (HU) directly; DICOM through the pipeline's reader when available.</summary>
public static class VolumeLoader
{
    public static CtVolume Load(string path)
    {
        if (NiftiReader.LooksLikeNifti(path))
        {
            var img = NiftiReader.Read(path);
            var src = img.Values.Data;
            var hu = new short[src.Length];
            for (int i = 0; i < src.Length; i++) hu[i] = (short)Math.Clamp(MathF.Round(src[i]), -1024f, 32767f);
            return new CtVolume(new Volume<short>(img.Geometry, hu), new ScanInfo { Modality = "CT", Source = path });
        }
        throw new NotSupportedException($"{path}: only NIfTI inputs are read by the training tool in this version (convert DICOM with `screener convert`)");
    }
}
