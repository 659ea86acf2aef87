using System.Collections.Concurrent;
using System.Globalization;
using System.IO.Compression;
using System.Text;
using ChestScreener.Dicom.Writing;
using ChestScreener.Server.Privacy;
using ChestScreener.Server.Processing;
using ChestScreener.Tests;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ChestScreener.Server.Tests.Privacy;

/// <summary>Patient identifiers stay out of logs and errors; with stripping on, out of the stored copies, result.json and the report too.</summary>
public sealed class PrivacyTests
{
    private const string PatientName = "DOE^JANE";
    private const string PatientId = "PID-77123";
    private const string BirthDate = "19510203";
    // Case-sensitive: "JANE" is in both the tag value and the file/folder names; "DOE" alone would match "does".
    private static readonly string[] Identifiers = ["DOE^JANE", "JANE", PatientId, BirthDate];

    /// <summary>Small CT slices that carry a patient's name, id and birth date (the pipeline rejects them: no chest in 32x32 pixels).</summary>
    internal static (string Name, byte[] Content)[] PatientSeries(string folder, int slices = 3)
    {
        var files = new (string, byte[])[slices];
        for (var i = 0; i < slices; i++)
        {
            var path = Path.Combine(folder, $"slice{i}.dcm");
            var sop = $"1.2.826.0.1.3680043.99.9.{i + 1}";
            var body = new MemoryStream();
            ExplicitVrWriter.String(body, 0x0008, 0x0016, "UI", "1.2.840.10008.5.1.4.1.1.2");
            ExplicitVrWriter.String(body, 0x0008, 0x0018, "UI", sop);
            ExplicitVrWriter.String(body, 0x0008, 0x0050, "SH", "ACC-5544");
            ExplicitVrWriter.String(body, 0x0008, 0x0060, "CS", "CT");
            ExplicitVrWriter.String(body, 0x0008, 0x0080, "LO", "St Elsewhere");
            ExplicitVrWriter.String(body, 0x0010, 0x0010, "PN", PatientName);
            ExplicitVrWriter.String(body, 0x0010, 0x0020, "LO", PatientId);
            ExplicitVrWriter.String(body, 0x0010, 0x0030, "DA", BirthDate);
            ExplicitVrWriter.String(body, 0x0018, 0x0015, "CS", "CHEST");
            ExplicitVrWriter.String(body, 0x0018, 0x0050, "DS", "1");
            ExplicitVrWriter.String(body, 0x0020, 0x000D, "UI", "1.2.826.0.1.3680043.99.9");
            ExplicitVrWriter.String(body, 0x0020, 0x000E, "UI", "1.2.826.0.1.3680043.99.9.0");
            ExplicitVrWriter.String(body, 0x0020, 0x0013, "IS", (i + 1).ToString(CultureInfo.InvariantCulture));
            ExplicitVrWriter.String(body, 0x0020, 0x0032, "DS", $"0\\0\\{i}");
            ExplicitVrWriter.String(body, 0x0020, 0x0037, "DS", "1\\0\\0\\0\\1\\0");
            ExplicitVrWriter.UInt16(body, 0x0028, 0x0002, 1);
            ExplicitVrWriter.String(body, 0x0028, 0x0004, "CS", "MONOCHROME2");
            ExplicitVrWriter.UInt16(body, 0x0028, 0x0010, 32);
            ExplicitVrWriter.UInt16(body, 0x0028, 0x0011, 32);
            ExplicitVrWriter.String(body, 0x0028, 0x0030, "DS", "1\\1");
            ExplicitVrWriter.UInt16(body, 0x0028, 0x0100, 16);
            ExplicitVrWriter.UInt16(body, 0x0028, 0x0101, 16);
            ExplicitVrWriter.UInt16(body, 0x0028, 0x0102, 15);
            ExplicitVrWriter.UInt16(body, 0x0028, 0x0103, 1);
            ExplicitVrWriter.String(body, 0x0028, 0x1052, "DS", "-1024");
            ExplicitVrWriter.String(body, 0x0028, 0x1053, "DS", "1");
            ExplicitVrWriter.Header(body, 0x7FE0, 0x0010, "OW", 32 * 32 * 2);
            body.Write(new byte[32 * 32 * 2]);
            ExplicitVrWriter.WriteFile(path, "1.2.840.10008.5.1.4.1.1.2", sop, body, "1.2.826.0.1.3680043.99.1");
            // The client names the folder and the files after the patient, as exports from a PACS often do.
            files[i] = ($"DOE^JANE/DOE_JANE_{i}.dcm", File.ReadAllBytes(path));
        }
        return files;
    }

    private static void AssertFree(string what, string text)
    {
        foreach (var id in Identifiers)
            Assert.False(text.Contains(id, StringComparison.Ordinal), $"{what} contains the identifier '{id}'");
    }

    private static void AssertFree(string what, byte[] bytes) => AssertFree(what, Encoding.Latin1.GetString(bytes));

    [Fact]
    public async Task The_real_pipeline_logs_and_errors_carry_study_ids_never_the_patient_name_id_or_birth_date()
    {
        using var data = TestData.NewTempFolder();
        var files = PatientSeries(data.Path);
        var logs = new CapturingLogs();
        using var factory = new ServerFactory(Path.Combine(data.Path, "server"), new PipelineStudyProcessor(new Server.Options.ServerOptions()),
            new Dictionary<string, string> { ["Screener:Processor"] = "pipeline", ["Logging:LogLevel:Default"] = "Debug" });
        using var host = factory.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton<ILoggerProvider>(logs)));
        var client = host.CreateClient();
        client.DefaultRequestHeaders.Remove(Server.Auth.ScreenerAuthHandler.KeyHeader);
        client.DefaultRequestHeaders.Add(Server.Auth.ScreenerAuthHandler.KeyHeader, NewAdminKey(host.Services));

        var study = await TestUploads.UploadAsync(client, files);
        var done = await TestUploads.WaitFinishedAsync(client, study.Id, TimeSpan.FromMinutes(3));
        Assert.NotEqual("done", done.Status); // 32x32x3 pixels of air: refused, with a message
        Assert.NotNull(done.Rejection);
        AssertFree("the rejection message", done.Rejection!.Message);
        var zip = await client.PostAsync("/api/v1/studies", TestUploads.Form(("DOE_JANE.zip", [1, 2, 3, 4])));
        AssertFree("an upload error", await zip.Content.ReadAsStringAsync());

        var captured = logs.Text();
        Assert.Contains(study.Id, captured); // the logs do say which study
        AssertFree("the server log", captured);
    }

    [Fact]
    public async Task Stripping_blanks_identifiers_in_stored_copies_and_names_the_study_by_its_id_in_results_and_reports()
    {
        using var data = TestData.NewTempFolder();
        var files = PatientSeries(data.Path);
        var serverData = Path.Combine(data.Path, "server");
        using var factory = new ServerFactory(serverData, new CountingProcessor(TimeSpan.FromMilliseconds(10)),
            new Dictionary<string, string> { ["Screener:Privacy:StripIdentifiers"] = "true" });
        var client = factory.CreateClient();

        var study = await TestUploads.UploadAsync(client, files);
        Assert.Equal(study.Id, study.Name);
        var zipped = await TestUploads.UploadAsync(client, ("DOE_JANE.zip", TestUploads.Zip([.. files.Select(f => (f.Name, f.Content)), ("DOE^JANE/DICOMDIR", files[0].Content)])));
        foreach (var id in new[] { study.Id, zipped.Id })
        {
            var done = await TestUploads.WaitFinishedAsync(client, id);
            Assert.Equal("done", done.Status);
            Assert.Equal(id, done.Name);
            Assert.Equal(id, done.Result!.Input);
            AssertFree("result.json", await client.GetByteArrayAsync($"/api/v1/studies/{id}/result.json"));
            AssertFree("report.pdf", await client.GetByteArrayAsync($"/api/v1/studies/{id}/report.pdf"));
            AssertFree("the study list", await client.GetStringAsync("/api/v1/studies"));
        }

        // The stored copies: neutral names, no identifier bytes, still DICOM with their UIDs (the analysis needs them).
        var stored = Directory.GetFiles(Path.Combine(serverData, "studies", study.Id, "input"));
        Assert.Equal(new[] { "000000.dcm", "000001.dcm", "000002.dcm" }, stored.Select(f => Path.GetFileName(f)!).Order().ToArray());
        foreach (var f in stored)
        {
            var bytes = await File.ReadAllBytesAsync(f);
            AssertFree(f, bytes);
            Assert.Contains("1.2.826.0.1.3680043.99.9.0", Encoding.ASCII.GetString(bytes));
            Assert.DoesNotContain("ACC-5544", Encoding.ASCII.GetString(bytes));
            Assert.DoesNotContain("St Elsewhere", Encoding.ASCII.GetString(bytes));
        }
        var storedZip = Assert.Single(Directory.GetFiles(Path.Combine(serverData, "studies", zipped.Id, "input")));
        Assert.Equal("000000.zip", Path.GetFileName(storedZip));
        using var archive = ZipFile.OpenRead(storedZip);
        Assert.Equal(new[] { "000000.dcm", "000001.dcm", "000002.dcm" }, archive.Entries.Select(e => e.FullName).Order().ToArray());
        foreach (var entry in archive.Entries)
        {
            using var s = entry.Open();
            var ms = new MemoryStream();
            await s.CopyToAsync(ms);
            AssertFree(entry.FullName, ms.ToArray());
        }
    }

    [Fact]
    public void Without_stripping_nothing_is_rewritten_and_the_stripper_keeps_the_pixels()
    {
        using var data = TestData.NewTempFolder();
        var files = PatientSeries(data.Path, slices: 1);
        var path = Path.Combine(data.Path, "one.dcm");
        File.WriteAllBytes(path, files[0].Content);
        Assert.True(IdentifierStripper.StripFile(path));
        var after = File.ReadAllBytes(path);
        AssertFree("the stripped file", after);
        // Pixel data (all zero, 2048 bytes) is still at the end of the file.
        Assert.True(after.Length >= 2048 && after.AsSpan(after.Length - 2048).IndexOfAnyExcept((byte)0) == -1);
    }

    private static string NewAdminKey(IServiceProvider services)
    {
        var (record, key) = Server.Auth.Tokens.NewKey("privacy-test", Server.Auth.Roles.Admin, null, DateTimeOffset.UtcNow);
        services.GetRequiredService<Server.Auth.IAuthStore>().AddKey(record);
        return key;
    }

    /// <summary>Keeps every log line (category, message, exception) the host writes.</summary>
    private sealed class CapturingLogs : ILoggerProvider
    {
        private readonly ConcurrentQueue<string> _lines = new();
        public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _lines);
        public string Text() => string.Join('\n', _lines);
        public void Dispose() { }

        private sealed class Logger(string category, ConcurrentQueue<string> lines) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
            public bool IsEnabled(LogLevel logLevel) => true;
            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                lines.Enqueue($"{logLevel} {category}: {formatter(state, exception)} {exception}");
        }
    }
}
