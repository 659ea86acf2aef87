namespace ChestScreener.Training.Fitting;

/// <summary>Which per-voxel features a density variant models: intensity alone (baseline) or the learned descriptor, each with or without position.</summary>
public enum FeatureKind { Intensity, IntensityPosition, Descriptor, DescriptorPosition }
