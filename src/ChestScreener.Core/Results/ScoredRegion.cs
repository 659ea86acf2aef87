using System.Globalization;

namespace ChestScreener.Results;

/// <summary>
/// What the anomaly scores covered in this study (result.json `scored`), so that a `normal` verdict is read for what it
/// is: the model's decision block chooses the region (lungs widened by a margin, central airways left out), and the
/// report says it in words next to the verdict.
/// </summary>
/// <param name="Kind">lung_fields (only the lungs and their margin) | body (the whole body in the scan).</param>
/// <param name="LungMarginMm">Margin around the lungs that is scored (pleura, hila, masses growing out of the lung); null for body.</param>
/// <param name="AirwayMarginMm">Trachea and main bronchi widened by this are not scored; null when they are.</param>
/// <param name="Description">The same in one sentence for people (PDF, viewer).</param>
public sealed record ScoredRegion(string Kind, double? LungMarginMm, double? AirwayMarginMm, string Description)
{
    public const string LungFields = "lung_fields";
    public const string Body = "body";

    /// <summary>From model.json's decision margins (negative = rule off), as the scoring mask applies them.</summary>
    /// <param name="mediastinumMarginMm">Lung within this of the mediastinum and heart is not scored; negative = rule off (the sentence says so, no field).</param>
    public static ScoredRegion From(double airwayMarginMm, double lungMarginMm, double mediastinumMarginMm = -1)
    {
        double? lung = lungMarginMm >= 0 ? lungMarginMm : null, airway = airwayMarginMm >= 0 ? airwayMarginMm : null;
        var what = lung is { } m
            ? (m > 0 ? $"Scored: the lungs and {Mm(m)} around them (pleura, hila, lung-wall and lung-mediastinum borders)." : "Scored: the lungs only.")
              + " Mediastinum, heart, chest wall, bones and upper abdomen beyond that are not assessed."
            : "Scored: the whole body in the scan.";
        if (airway is { } a) what += $" Trachea and main bronchi{(a > 0 ? $" with {Mm(a)} around them" : "")} are not scored (endobronchial lesions are out of scope).";
        if (mediastinumMarginMm >= 0) what += $" Lung within {Mm(mediastinumMarginMm)} of the mediastinum and heart is not scored.";
        return new ScoredRegion(lung is null ? Body : LungFields, lung, airway, what);
    }

    private static string Mm(double v) => v.ToString("0.#", CultureInfo.InvariantCulture) + " mm";
}
