using ChestScreener.Files;
using System.IO.Compression;
using ChestScreener.Server.Options;
using ChestScreener.Server.Storage;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace ChestScreener.Server.Uploads;

/// <summary>
/// Streams a multipart upload to disk section by section (never the whole body in memory), keeps DICOM, zip and NIfTI files,
/// skips anything else that came along in a folder (recognised from its first bytes, so it is never written), and refuses
/// uploads that hold nothing analysable or exceed the limits.
/// </summary>
public sealed class UploadReceiver(IOptions<ServerOptions> options, UploadFiles? files = null)
{
    private readonly UploadFiles _files = files ?? new UploadFiles();

    private const int CopyBuffer = 1 << 16;

    /// <summary>Name prefix of the folder an upload streams into beside input/; renamed to input/ once complete.</summary>
    public const string PartialPrefix = "input.partial-";

    private int _inProgress;

    /// <summary>input.partial-{host}-{pid}-{random}: start-up recovery can tell an upload of a dead process on this host at once.</summary>
    private static string PartialName() => PartialPrefix + ProcessStamp.New();

    /// <summary>The process id in a partial folder name written on this host by <see cref="PartialName"/>; false for other hosts and older names.</summary>
    public static bool TryParsePartialOfThisHost(string folderName, out int pid)
    {
        pid = 0;
        return folderName.StartsWith(PartialPrefix, StringComparison.Ordinal) && ProcessStamp.TryParseThisHost(folderName[PartialPrefix.Length..], out pid);
    }

    /// <summary>Uploads streaming into this process now (admitted by <see cref="UploadAdmissionFilter"/>).</summary>
    public int UploadsInProgress => Volatile.Read(ref _inProgress);

    /// <summary>Counts an upload in unless <paramref name="limit"/> are already in progress.</summary>
    public bool TryStartUpload(int limit)
    {
        while (true)
        {
            int now = Volatile.Read(ref _inProgress);
            if (now >= limit) return false;
            if (Interlocked.CompareExchange(ref _inProgress, now + 1, now) == now) return true;
        }
    }

    public void EndUpload() => Interlocked.Decrement(ref _inProgress);

    /// <summary>
    /// Streams the upload into a partial folder beside <paramref name="inputFolder"/> and renames it to that folder only when
    /// every file is complete and checked, so input/ never holds a half-received study (a crash leaves only the partial
    /// folder, which start-up recovery removes). A malformed body is refused with 400 malformed_request, a full disk with 507
    /// storage_full; in every refusal the partial folder is removed.
    /// </summary>
    public async Task<UploadSummary> ReceiveAsync(HttpRequest request, string inputFolder, CancellationToken ct)
    {
        var final = Path.TrimEndingDirectorySeparator(Path.GetFullPath(inputFolder));
        var partial = Path.Combine(Path.GetDirectoryName(final)!, PartialName());
        try
        {
            // The caller may have made an empty input/ already; it must not exist while the upload is incomplete.
            if (Directory.Exists(final) && !Directory.EnumerateFileSystemEntries(final).Any()) Directory.Delete(final);
            var summary = await ReceiveIntoAsync(request, partial, ct);
            Directory.Move(partial, final);
            return summary;
        }
        catch (Exception e) when (MalformedBody.From(e, options.Value.MaxUploadMb, ct) is { } refusal)
        {
            throw refusal;
        }
        catch (IOException e) when (StorageErrors.IsDiskFull(e))
        {
            throw new UploadException(StatusCodes.Status507InsufficientStorage, RejectionCode.StorageFull,
                "the server's disk is full: the upload was not kept; send it again later");
        }
        finally
        {
            if (Directory.Exists(partial)) StudyFolders.TryDelete(partial);
        }
    }

    private async Task<UploadSummary> ReceiveIntoAsync(HttpRequest request, string inputFolder, CancellationToken ct)
    {
        var o = options.Value;
        var maxBytes = (long)o.MaxUploadMb << 20;
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var mediaType) ||
            !mediaType.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase))
            throw new UploadException(StatusCodes.Status415UnsupportedMediaType, RejectionCode.NotDicom,
                "send the study as multipart/form-data: DICOM files, a folder's files, one zip or one NIfTI file");
        var boundary = HeaderUtilities.RemoveQuotes(mediaType.Boundary).Value;
        if (string.IsNullOrEmpty(boundary))
            throw new UploadException(StatusCodes.Status400BadRequest, Api.Problems.MalformedRequest, "the multipart upload has no boundary in its Content-Type");

        Directory.CreateDirectory(inputFolder);
        var reader = new MultipartReader(boundary, request.Body) { BodyLengthLimit = maxBytes, HeadersLengthLimit = MalformedBody.HeadersLengthLimit };
        var kept = new List<(string Path, FileKind Kind)>();
        var skipped = 0;
        long total = 0;
        string? firstName = null, topFolder = null;
        var buffer = new byte[CopyBuffer];
        var head = new byte[FileSniffer.HeadLength];
        MultipartSection? section;
        while ((section = await reader.ReadNextSectionAsync(ct)) is not null)
        {
            if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition) || !disposition.IsFileDisposition())
            {
                await section.Body.CopyToAsync(Stream.Null, ct);
                continue;
            }
            if (kept.Count + skipped >= o.MaxFiles)
                throw new UploadException(StatusCodes.Status413PayloadTooLarge, RejectionCode.TooLarge, $"an upload may hold at most {o.MaxFiles} files");

            var clientName = (disposition.FileNameStar.HasValue ? disposition.FileNameStar.Value : HeaderUtilities.RemoveQuotes(disposition.FileName).Value) ?? "file";
            var (baseName, folder) = SplitClientPath(clientName);
            firstName ??= baseName;
            topFolder ??= folder;
            // The type is known from the first bytes: a part that is none of DICOM, zip or NIfTI is read past, never written.
            var headLength = await ReadHeadAsync(section.Body, head, ct);
            total = Count(total, headLength, maxBytes, o.MaxUploadMb);
            var kind = FileSniffer.Sniff(head.AsSpan(0, headLength), baseName);
            if (kind == FileKind.Unknown)
            {
                total = await PumpAsync(section.Body, null, buffer, total, maxBytes, o.MaxUploadMb, ct);
                skipped++;
                continue;
            }
            var path = Path.Combine(inputFolder, $"{kept.Count + skipped:D6}-{baseName}");
            await using (var file = _files.Create(path))
            {
                await file.WriteAsync(head.AsMemory(0, headLength), ct);
                total = await PumpAsync(section.Body, file, buffer, total, maxBytes, o.MaxUploadMb, ct);
            }
            if (kind == FileKind.Zip) CheckZip(path, o);
            kept.Add((path, kind));
        }

        if (kept.Count == 0)
            throw new UploadException(StatusCodes.Status415UnsupportedMediaType, RejectionCode.NotDicom, skipped == 0
                ? "the upload holds no files"
                : $"none of the {skipped} uploaded file(s) is DICOM, a zip or NIfTI");
        var containers = kept.Count(k => k.Kind is FileKind.Zip or FileKind.Nifti);
        if (containers > 0 && kept.Count > 1)
            throw new UploadException(StatusCodes.Status400BadRequest, RejectionCode.NotDicom,
                "send one zip, one NIfTI file, or DICOM files — one study per upload, not a mix");

        var name = kept.Count == 1 ? firstName! : topFolder ?? $"{kept.Count} DICOM files";
        return new UploadSummary(name, kept.Count, skipped, total, kept[0].Kind);
    }

    /// <summary>Reads up to <paramref name="head"/>'s length from the start of a part (less only when the part is shorter).</summary>
    internal static async Task<int> ReadHeadAsync(Stream part, byte[] head, CancellationToken ct)
    {
        var length = 0;
        int n;
        while (length < head.Length && (n = await part.ReadAsync(head.AsMemory(length), ct)) > 0) length += n;
        return length;
    }

    /// <summary>Copies the rest of a part into <paramref name="target"/> (or nowhere), counting it against the upload's size limit.</summary>
    private static async Task<long> PumpAsync(Stream part, Stream? target, byte[] buffer, long total, long maxBytes, int maxMb, CancellationToken ct)
    {
        int n;
        while ((n = await part.ReadAsync(buffer, ct)) > 0)
        {
            total = Count(total, n, maxBytes, maxMb);
            if (target is not null) await target.WriteAsync(buffer.AsMemory(0, n), ct);
        }
        return total;
    }

    private static long Count(long total, int n, long maxBytes, int maxMb) =>
        total + n > maxBytes ? throw MalformedBody.TooLarge(maxMb) : total + n;

    /// <summary>Reads only the zip's central directory: refuses a damaged zip, an empty one and one that unpacks past the limit.</summary>
    private static void CheckZip(string path, ServerOptions o)
    {
        try
        {
            using var zip = ZipFile.OpenRead(path);
            long unpacked = 0;
            var files = 0;
            foreach (var entry in zip.Entries)
            {
                if (entry.FullName.EndsWith('/')) continue;
                unpacked += entry.Length;
                files++;
            }
            if (files == 0) throw new UploadException(StatusCodes.Status415UnsupportedMediaType, RejectionCode.NotDicom, "the zip is empty");
            if (unpacked > (long)o.MaxUnpackedMb << 20)
                throw new UploadException(StatusCodes.Status413PayloadTooLarge, RejectionCode.TooLarge, $"the zip unpacks to more than {o.MaxUnpackedMb} MB");
        }
        catch (InvalidDataException)
        {
            throw new UploadException(StatusCodes.Status422UnprocessableEntity, RejectionCode.CorruptFile, "the zip file is damaged (its directory cannot be read)");
        }
    }

    /// <summary>Browsers send a folder's files with their relative path; keep only a safe base name, plus the top folder for display.</summary>
    internal static (string BaseName, string? TopFolder) SplitClientPath(string clientName)
    {
        var parts = clientName.Replace('\\', '/').Split('/', StringSplitOptions.RemoveEmptyEntries);
        var baseName = parts.Length == 0 ? "file" : parts[^1];
        var safe = new char[Math.Min(baseName.Length, 100)];
        for (var i = 0; i < safe.Length; i++)
        {
            var ch = baseName[i];
            safe[i] = char.IsAsciiLetterOrDigit(ch) || ch is '.' or '-' or '_' ? ch : '_';
        }
        var name = new string(safe).TrimStart('.');
        if (name.Length == 0) name = "file";
        var top = parts.Length > 1 && parts[0] is not ("." or "..") ? parts[0] : null;
        return (name, top);
    }
}
