namespace ChestScreener.Server.Storage;

/// <summary>
/// <see cref="IStudyStore.Create"/> found a study of the same owner with the same upload key: a retried upload raced
/// its first attempt. The caller answers with that study.
/// </summary>
public sealed class UploadKeyTakenException(string key, Exception inner)
    : Exception($"a study with upload key '{key}' exists already", inner);
