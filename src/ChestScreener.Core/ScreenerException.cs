namespace ChestScreener;

/// <summary>A typed, expected failure of an input: carries the rejection code that goes into result.json.</summary>
public class ScreenerException : Exception
{
    public ScreenerException(RejectionCode code, string message, Exception? inner = null)
        : base(message, inner)
    {
        Code = code;
    }

    public RejectionCode Code { get; }

    /// <summary>The file the problem was found in, when there is one (never a patient identifier).</summary>
    public string? FileName { get; init; }
}
