using ChestScreener.Results;

namespace ChestScreener.Anatomy;

/// <summary>Outcome of the chest gate: passed, or the rejection code and a message that says what was seen; warnings when passed with a reservation.</summary>
public sealed record GateVerdict(bool Passed, RejectionCode Code, string Message, List<string> Checks)
{
    public List<AnatomyWarning> Warnings { get; init; } = [];
}
