using System.Text;
using System.Text.Json.Nodes;
using System.Xml;

namespace ChestScreener.Server.Pacs;

/// <summary>
/// The STOW-RS response body (PS3.18 10.5.3): Referenced SOP Sequence (0008,1199) for stored instances, Failed SOP Sequence
/// (0008,1198) with a Failure Reason (0008,1197) for the rest, and the Retrieve URL of the study; as DICOM JSON or XML.
/// </summary>
public sealed class StowResponse
{
    /// <summary>Failure reasons of PS3.18 Table 10.5.3-1.</summary>
    public const ushort ProcessingFailure = 0x0110, OutOfResources = 0xA700, CannotUnderstand = 0xC000;

    public sealed record Stored(string SopClassUid, string SopInstanceUid);
    public sealed record Failed(string SopClassUid, string SopInstanceUid, ushort Reason);

    public List<Stored> Referenced { get; } = [];
    public List<Failed> Failures { get; } = [];
    public string? RetrieveUrl { get; set; }

    /// <summary>200 when all were stored, 202 when some failed, 409 when none was stored.</summary>
    public int StatusCode => Failures.Count == 0 ? 200 : Referenced.Count == 0 ? 409 : 202;

    public string ToJson()
    {
        var root = new JsonObject();
        if (RetrieveUrl is not null) root["00081190"] = Attr("UR", RetrieveUrl);
        if (Failures.Count > 0)
        {
            var items = new JsonArray();
            foreach (var f in Failures)
            {
                items.Add(new JsonObject
                {
                    ["00081150"] = Attr("UI", f.SopClassUid),
                    ["00081155"] = Attr("UI", f.SopInstanceUid),
                    ["00081197"] = new JsonObject { ["vr"] = "US", ["Value"] = new JsonArray(f.Reason) },
                });
            }
            root["00081198"] = new JsonObject { ["vr"] = "SQ", ["Value"] = items };
        }
        var stored = new JsonArray();
        foreach (var s in Referenced)
            stored.Add(new JsonObject { ["00081150"] = Attr("UI", s.SopClassUid), ["00081155"] = Attr("UI", s.SopInstanceUid) });
        root["00081199"] = new JsonObject { ["vr"] = "SQ", ["Value"] = stored };
        return root.ToJsonString();
    }

    /// <summary>
    /// The XML body, declared as UTF-8 (the endpoint sends it as UTF-8). Written to bytes first: an XmlWriter over a
    /// StringBuilder declares encoding="utf-16" whatever its settings say, which strict parsers refuse for a UTF-8 body.
    /// </summary>
    public string ToXml()
    {
        using var bytes = new MemoryStream();
        using (var w = XmlWriter.Create(bytes, new XmlWriterSettings { Encoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), Indent = false }))
        {
            w.WriteStartDocument();
            w.WriteStartElement("NativeDicomModel", "http://dicom.nema.org/PS3.19/models/NativeDICOM");
            if (RetrieveUrl is not null) Element(w, "00081190", "UR", "RetrieveURL", RetrieveUrl);
            if (Failures.Count > 0)
            {
                Sequence(w, "00081198", "FailedSOPSequence", Failures, (x, f) =>
                {
                    Element(x, "00081150", "UI", "ReferencedSOPClassUID", f.SopClassUid);
                    Element(x, "00081155", "UI", "ReferencedSOPInstanceUID", f.SopInstanceUid);
                    Element(x, "00081197", "US", "FailureReason", f.Reason.ToString(System.Globalization.CultureInfo.InvariantCulture));
                });
            }
            Sequence(w, "00081199", "ReferencedSOPSequence", Referenced, (x, s) =>
            {
                Element(x, "00081150", "UI", "ReferencedSOPClassUID", s.SopClassUid);
                Element(x, "00081155", "UI", "ReferencedSOPInstanceUID", s.SopInstanceUid);
            });
            w.WriteEndElement();
            w.WriteEndDocument();
        }
        return Encoding.UTF8.GetString(bytes.GetBuffer(), 0, (int)bytes.Length);
    }

    private static JsonObject Attr(string vr, string value) => new() { ["vr"] = vr, ["Value"] = new JsonArray(value) };

    private static void Element(XmlWriter w, string tag, string vr, string keyword, string value)
    {
        w.WriteStartElement("DicomAttribute");
        w.WriteAttributeString("tag", tag);
        w.WriteAttributeString("vr", vr);
        w.WriteAttributeString("keyword", keyword);
        w.WriteStartElement("Value");
        w.WriteAttributeString("number", "1");
        w.WriteString(value);
        w.WriteEndElement();
        w.WriteEndElement();
    }

    private static void Sequence<T>(XmlWriter w, string tag, string keyword, List<T> items, Action<XmlWriter, T> write)
    {
        w.WriteStartElement("DicomAttribute");
        w.WriteAttributeString("tag", tag);
        w.WriteAttributeString("vr", "SQ");
        w.WriteAttributeString("keyword", keyword);
        for (int i = 0; i < items.Count; i++)
        {
            w.WriteStartElement("Item");
            w.WriteAttributeString("number", (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture));
            write(w, items[i]);
            w.WriteEndElement();
        }
        w.WriteEndElement();
    }
}
