using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Xml;
using System.Xml.Linq;
using ChestScreener.Dicom;
using ChestScreener.Dicom.Output;
using ChestScreener.Server.Auth;
using ChestScreener.Tests;
using Microsoft.AspNetCore.WebUtilities;

namespace ChestScreener.Pacs.Tests;

/// <summary>
/// The DICOMweb round trip of a STOW-RS study inside ChestScreener: a strictly valid XML response, a Retrieve URL that answers,
/// and the results (SR, SC, SEG) found by QIDO-RS, fetched by WADO-RS and downloadable from /api/v1; other sites see none of it.
/// </summary>
public sealed class DicomWebTests : IDisposable
{
    private readonly TempFolder _tmp = TestData.NewTempFolder();

    public void Dispose() => _tmp.Dispose();

    [Fact]
    public async Task Stow_xml_response_is_strict_utf8_and_its_retrieve_url_answers_with_the_staged_instances()
    {
        var (tags, files) = PhantomStudy.Write(Path.Combine(_tmp.Path, "ct"));
        using var factory = new PacsServerFactory(Path.Combine(_tmp.Path, "data"), new Dictionary<string, string> { ["Screener:Pacs:StowQuietSeconds"] = "3600" });
        using var client = factory.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/dicomweb/studies") { Content = StowTests.Multipart(files.Take(7)) };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/dicom+xml"));
        using var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("utf-8", response.Content.Headers.ContentType!.CharSet);

        // Parsed from the bytes as sent: XmlReader takes the declared encoding at its word and fails on a mismatch.
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.False(bytes.AsSpan().StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]), "no byte order mark");
        using var reader = XmlReader.Create(new MemoryStream(bytes), new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, CheckCharacters = true });
        var xml = XDocument.Load(reader);
        Assert.Equal("utf-8", xml.Declaration!.Encoding, ignoreCase: true);
        XNamespace ns = "http://dicom.nema.org/PS3.19/models/NativeDICOM";
        Assert.Equal(ns + "NativeDicomModel", xml.Root!.Name);
        var attrs = xml.Root.Elements(ns + "DicomAttribute").ToList();
        var url = attrs.Single(a => (string?)a.Attribute("tag") == "00081190").Element(ns + "Value")!.Value;
        Assert.EndsWith("/dicomweb/studies/" + tags.StudyUid, url);
        Assert.Equal(7, attrs.Single(a => (string?)a.Attribute("tag") == "00081199").Elements(ns + "Item").Count());

        // The Retrieve URL resolves while the study is still being received: the 7 instances as sent.
        var parts = await Wado(client, new Uri(url).PathAndQuery);
        Assert.Equal(7, parts.Count);
        Assert.Equal(files.Take(7).Select(File.ReadAllBytes).Select(Convert.ToHexString).Order(), parts.Select(Convert.ToHexString).Order());
    }

    [Fact]
    public async Task Results_of_a_stow_study_are_found_by_qido_fetched_by_wado_and_downloadable()
    {
        var (tags, files) = PhantomStudy.Write(Path.Combine(_tmp.Path, "ct"));
        using var factory = new PacsServerFactory(Path.Combine(_tmp.Path, "data"), new Dictionary<string, string>
        {
            ["Screener:Pacs:StowQuietSeconds"] = "3600", ["Screener:Auth:Enabled"] = "true",
        });
        using var north = factory.Client(factory.CreateKey(Roles.Uploader, "north", "north-pacs"));
        using var south = factory.Client(factory.CreateKey(Roles.Uploader, "south", "south-pacs"));
        Assert.Equal(HttpStatusCode.OK, (await north.PostAsync("/dicomweb/studies", StowTests.Multipart(files))).StatusCode);
        using var complete = await north.PostAsync($"/dicomweb/studies/{tags.StudyUid}/complete", null);
        var id = JsonDocument.Parse(await complete.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString()!;
        Assert.Equal("done", (await StowTests.WaitFinished(north, id)).GetProperty("status").GetString());
        var output = Path.Combine(_tmp.Path, "data", "studies", id, "output");

        // QIDO-RS: the study, and its series: the CT as received plus SR, SC and SEG.
        var studies = await Json(north, $"/dicomweb/studies?StudyInstanceUID={tags.StudyUid}");
        Assert.Equal(1, studies.GetArrayLength());
        Assert.Equal(4, Value(studies[0], "00201206").GetInt32());
        Assert.Equal(files.Count + 1 + 3 + 1, Value(studies[0], "00201208").GetInt32()); // CT + SR + 3 SC + SEG
        var series = await Json(north, $"/dicomweb/studies/{tags.StudyUid}/series");
        var byModality = series.EnumerateArray().ToDictionary(s => Value(s, "00080060").GetString()!, s => Value(s, "00201209").GetInt32());
        Assert.Equal(files.Count, byModality["CT"]);
        Assert.Equal(1, byModality["SR"]);
        Assert.Equal(1, byModality["SEG"]);
        Assert.Equal(3, byModality["OT"]); // Secondary Capture key images
        var segSeries = await Json(north, $"/dicomweb/studies/{tags.StudyUid}/series?Modality=SEG");
        Assert.Equal(1, segSeries.GetArrayLength());

        // QIDO-RS instances of the SR series, then WADO-RS of that instance by its Retrieve URL: the SR file byte for byte.
        var srSeries = series.EnumerateArray().Single(s => Value(s, "00080060").GetString() == "SR");
        var srInstances = await Json(north, new Uri(Value(srSeries, "00081190").GetString()!).PathAndQuery + "/instances");
        Assert.Equal(DicomUids.ComprehensiveSr, Value(srInstances[0], "00080016").GetString());
        var sr = Assert.Single(await Wado(north, new Uri(Value(srInstances[0], "00081190").GetString()!).PathAndQuery));
        Assert.Equal(File.ReadAllBytes(Path.Combine(output, SrWriter.FileName)), sr);

        // WADO-RS of the SEG series: one part that is the SEG.
        var seg = Assert.Single(await Wado(north, new Uri(Value(segSeries[0], "00081190").GetString()!).PathAndQuery));
        var segPath = Path.Combine(_tmp.Path, "seg.dcm");
        await File.WriteAllBytesAsync(segPath, seg);
        Assert.Equal(DicomUids.Segmentation, DicomInstanceId.TryRead(segPath)!.SopClassUid);
        Assert.Equal(tags.StudyUid, DicomInstanceId.TryRead(segPath)!.StudyUid);

        // The whole study: CT instances and results in one multipart body.
        Assert.Equal(files.Count + 5, (await Wado(north, $"/dicomweb/studies/{tags.StudyUid}")).Count);

        // /api/v1 serves the DICOM results by name, nothing else of the output folder.
        using var download = await north.GetAsync($"/api/v1/studies/{id}/{SrWriter.FileName}");
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("application/dicom", download.Content.Headers.ContentType!.MediaType);
        Assert.Equal(sr, await download.Content.ReadAsByteArrayAsync());
        Assert.Equal(HttpStatusCode.OK, (await north.GetAsync($"/api/v1/studies/{id}/{ScWriter.FileName(1)}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await north.GetAsync($"/api/v1/studies/{id}/chestscreener-sr.dcm.tmp")).StatusCode);

        // Another site finds and fetches nothing of it.
        Assert.Equal(0, (await Json(south, "/dicomweb/studies")).GetArrayLength());
        Assert.Equal(0, (await Json(south, $"/dicomweb/studies/{tags.StudyUid}/series")).GetArrayLength());
        Assert.Equal(HttpStatusCode.NotFound, (await south.GetAsync($"/dicomweb/studies/{tags.StudyUid}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await south.GetAsync($"/api/v1/studies/{id}/{SrWriter.FileName}")).StatusCode);

        // Unsupported matching keys and representations are refused, not silently ignored.
        Assert.Equal(HttpStatusCode.BadRequest, (await north.GetAsync("/dicomweb/studies?PatientName=Phantom*")).StatusCode);
        using var rendered = new HttpRequestMessage(HttpMethod.Get, $"/dicomweb/studies/{tags.StudyUid}");
        rendered.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("image/jpeg"));
        Assert.Equal(HttpStatusCode.NotAcceptable, (await north.SendAsync(rendered)).StatusCode);
    }

    private static JsonElement Value(JsonElement row, string tag) => row.GetProperty(tag).GetProperty("Value")[0];

    private static async Task<JsonElement> Json(HttpClient client, string path)
    {
        using var r = await client.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        Assert.Equal("application/dicom+json", r.Content.Headers.ContentType!.MediaType);
        return JsonDocument.Parse(await r.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    /// <summary>GETs a WADO-RS URL and returns its parts, each checked to be application/dicom.</summary>
    internal static async Task<List<byte[]>> Wado(HttpClient client, string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Accept.Add(MediaTypeWithQualityHeaderValue.Parse("multipart/related; type=\"application/dicom\""));
        using var r = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        var type = r.Content.Headers.ContentType!;
        Assert.Equal("multipart/related", type.MediaType);
        var boundary = HeaderUtilitiesUnquote(type.Parameters.Single(p => p.Name == "boundary").Value!);
        var reader = new MultipartReader(boundary, await r.Content.ReadAsStreamAsync());
        var parts = new List<byte[]>();
        while (await reader.ReadNextSectionAsync() is { } section)
        {
            Assert.Equal("application/dicom", section.ContentType);
            using var ms = new MemoryStream();
            await section.Body.CopyToAsync(ms);
            parts.Add(ms.ToArray());
        }
        return parts;
    }

    private static string HeaderUtilitiesUnquote(string s) => s.Length > 1 && s[0] == '"' && s[^1] == '"' ? s[1..^1] : s;
}
