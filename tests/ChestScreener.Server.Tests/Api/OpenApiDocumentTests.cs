using System.Text.Json;
using System.Text.Json.Nodes;
using ChestScreener.Tests;

namespace ChestScreener.Server.Tests.Api;

/// <summary>
/// web/openapi.json is the server's OpenAPI document as served at /openapi/v1.json; the viewer's API types are generated
/// from it in the web build (npm run build: openapi-typescript), so a response type changed in C# changes the viewer's
/// types, and this test keeps the copy from drifting.
/// </summary>
public sealed class OpenApiDocumentTests : IDisposable
{
    private readonly TempFolder _data = TestData.NewTempFolder();
    private readonly ServerFactory _factory;

    public OpenApiDocumentTests() => _factory = new ServerFactory(_data.Path);

    public void Dispose()
    {
        _factory.Dispose();
        _data.Dispose();
    }

    /// <summary>The document as the viewer's copy holds it: indented, without the test host's server address.</summary>
    public static string Normalise(string document)
    {
        var node = JsonNode.Parse(document)!.AsObject();
        node.Remove("servers");
        return node.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n";
    }

    [Fact]
    public async Task The_viewers_copy_of_the_OpenAPI_document_is_the_servers()
    {
        using var client = _factory.CreateClient();
        var live = Normalise(await client.GetStringAsync("/openapi/v1.json"));
        var copy = Path.Combine(TestData.RepoRoot, "web", "openapi.json");
        if (File.Exists(copy) && File.ReadAllText(copy) == live) return;
        // Rewritten so that the fix is a rebuild and a commit; the test still fails so the change is seen.
        File.WriteAllText(copy, live);
        Assert.Fail($"{copy} differed from the server's /openapi/v1.json and has been rewritten: rebuild the viewer (cd web && npm run build) and commit both");
    }

    [Fact]
    public async Task The_document_describes_the_types_the_viewer_reads()
    {
        using var client = _factory.CreateClient();
        var doc = JsonNode.Parse(await client.GetStringAsync("/openapi/v1.json"))!;
        var schemas = doc["components"]!["schemas"]!.AsObject();
        var result = schemas["StudyResult"]!["properties"]!.AsObject();
        // The viewer draws the anomaly map at the model's threshold, read from the result.
        Assert.True(result.ContainsKey("voxel_threshold"));
        Assert.True(result.ContainsKey("findings"));
        foreach (var name in new[] { "Finding", "PatientInfo", "Rejection" }) Assert.True(schemas.ContainsKey(name), name);
    }
}
