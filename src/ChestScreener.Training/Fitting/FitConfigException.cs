namespace ChestScreener.Training.Fitting;

/// <summary>A fit configuration (file or options) that cannot be fitted: says which setting is wrong and why, before any heavy work.</summary>
public sealed class FitConfigException(string message, Exception? inner = null) : ArgumentException(message, inner);
