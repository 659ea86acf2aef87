using System.ComponentModel.DataAnnotations;

namespace ChestScreener.Server.Pacs;

/// <summary>PACS integration settings (section "Screener:Pacs"): DICOMweb STOW-RS receive and the Orthanc bridge (off unless OrthancUrl is set).</summary>
public sealed class PacsOptions
{
    public const string Section = "Screener:Pacs";

    /// <summary>Accept studies by STOW-RS at POST /dicomweb/studies.</summary>
    public bool StowEnabled { get; set; } = true;

    /// <summary>A study sent by STOW-RS is complete (and queued) once no instance of it arrived for this long.</summary>
    [Range(0.2, 3600)]
    public double StowQuietSeconds { get; set; } = 10;

    /// <summary>
    /// DICOMweb base URL that the results (SR, SC, SEG) of studies received by STOW-RS are sent to by STOW-RS (POST {url}/studies),
    /// e.g. Orthanc's DICOMweb plugin at http://orthanc:8042/dicom-web; empty = they go to Orthanc's REST API when OrthancUrl is
    /// set (and OrthancPushResults is on), else they stay here (WADO-RS and /api/v1).
    /// </summary>
    public string? ResultsStowUrl { get; set; }

    /// <summary>HTTP basic credentials for <see cref="ResultsStowUrl"/> (empty user = none).</summary>
    public string? ResultsStowUser { get; set; }
    public string? ResultsStowPassword { get; set; }

    /// <summary>Base URL of an Orthanc server's REST API (e.g. http://orthanc:8042); empty = the bridge is off.</summary>
    public string? OrthancUrl { get; set; }

    public string? OrthancUser { get; set; }
    public string? OrthancPassword { get; set; }

    /// <summary>How often the bridge reads Orthanc's /changes and pushes finished results.</summary>
    [Range(0.2, 3600)]
    public double OrthancPollSeconds { get; set; } = 5;

    /// <summary>Send the DICOM results (SR, SC, SEG) back to Orthanc into the same study.</summary>
    public bool OrthancPushResults { get; set; } = true;

    /// <summary>Site given to studies pulled from Orthanc: callers of that site see them (admins see all studies anyway).</summary>
    public string? OrthancSite { get; set; }

    /// <summary>On the very first start (no saved position), also analyse studies already in Orthanc; default: only new ones.</summary>
    public bool OrthancProcessExisting { get; set; }
}
