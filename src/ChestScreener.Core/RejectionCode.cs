namespace ChestScreener;

/// <summary>Why a study was not analysed; the snake_case names are the contract in result.json and problem+json.</summary>
public enum RejectionCode
{
    NotDicom,
    CorruptFile,
    NotCt,
    NotChest,
    IncompleteSeries,
    UnsupportedEncoding,
    TooLarge,
    /// <summary>Not a rejection of the input: the program itself failed (status "failed").</summary>
    InternalError,
    /// <summary>Status "failed": the service could not store the study or its results (the disk is full); not retried.</summary>
    StorageFull,
    /// <summary>Status "failed": every allowed run of the study ended without a result (crashes, lost workers); not tried again.</summary>
    TooManyAttempts,
}

/// <summary>Maps <see cref="RejectionCode"/> to and from its wire name.</summary>
public static class RejectionCodes
{
    public static string ToWire(this RejectionCode code) => code switch
    {
        RejectionCode.NotDicom => "not_dicom",
        RejectionCode.CorruptFile => "corrupt_file",
        RejectionCode.NotCt => "not_ct",
        RejectionCode.NotChest => "not_chest",
        RejectionCode.IncompleteSeries => "incomplete_series",
        RejectionCode.UnsupportedEncoding => "unsupported_encoding",
        RejectionCode.TooLarge => "too_large",
        RejectionCode.InternalError => "internal_error",
        RejectionCode.StorageFull => "storage_full",
        RejectionCode.TooManyAttempts => "too_many_attempts",
        _ => throw new ArgumentOutOfRangeException(nameof(code), code, null),
    };

    public static RejectionCode FromWire(string wire)
    {
        foreach (var code in Enum.GetValues<RejectionCode>())
        {
            if (code.ToWire() == wire) return code;
        }
        throw new ArgumentException($"unknown rejection code '{wire}'", nameof(wire));
    }
}
