namespace ChestScreener.Dicom.Gdcm;

/// <summary>Stored pixel values of all frames of one file, as GDCM decoded them (native byte order).</summary>
internal sealed class DecodedPixels
{
    public required byte[] Buffer { get; init; }
    public int Columns { get; init; }
    public int Rows { get; init; }
    public int Frames { get; init; }
    public int BitsAllocated { get; init; }
    public int BitsStored { get; init; }
    public bool Signed { get; init; }
    public int SamplesPerPixel { get; init; }
    public bool Monochrome1 { get; init; }
    public int FrameLength => Columns * Rows;
    /// <summary>True when <see cref="Buffer"/> was rented from the shared array pool and should be returned after use.</summary>
    public bool Pooled { get; init; }
}
