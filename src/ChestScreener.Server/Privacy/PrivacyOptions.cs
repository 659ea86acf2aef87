namespace ChestScreener.Server.Privacy;

/// <summary>Privacy settings (configuration section "Screener:Privacy").</summary>
public sealed class PrivacyOptions
{
    public const string Section = "Screener:Privacy";

    /// <summary>
    /// Blank patient identifiers (name, id, birth date, ...) in the stored DICOM copies, and name studies by their id instead of the
    /// uploaded folder or file name, so result.json, the PDF and the lists carry no identifier.
    /// </summary>
    public bool StripIdentifiers { get; set; }
}
