namespace ChestScreener.Training.Data;

/// <summary>Two augmented crops (channels x n^3 each) and the normalised grid positions of shared physical points in each.</summary>
public sealed record ViewPair(float[] View1, float[] View2, float[] Grid1, float[] Grid2);
