namespace ChestScreener.Evaluation.Synthesis;

/// <summary>What `screener synth` builds: sources, output folder, seed and the slab rule.</summary>
public sealed record SynthOptions
{
    /// <summary>The shared data folder (lesions.json paths are relative to it).</summary>
    public required string DataRoot { get; init; }
    public required string OutputFolder { get; init; }
    public string LesionsJson { get; init; } = "";
    public int Seed { get; init; } = 1;
    /// <summary>Lesion-free ranges shorter than this are not used (the 25 mm LIDC apex slab holds too little lung).</summary>
    public double MinSlabMm { get; init; } = 60;
    /// <summary>Keep only the first n plan entries (0 = all).</summary>
    public int Limit { get; init; }
    public bool Previews { get; init; } = true;
    /// <summary>Add the shared negatives (abdomen, head, MR, radiograph, ultrasound) as "reject" rows.</summary>
    public bool Negatives { get; init; } = true;
    public int Threads { get; init; } = 2;
    /// <summary>Only insert lesions and draw previews (no DICOM, masks or manifest): for reviewing the generator quickly.</summary>
    public bool PreviewsOnly { get; init; }
}
