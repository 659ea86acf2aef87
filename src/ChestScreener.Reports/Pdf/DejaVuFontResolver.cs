using PdfSharp.Fonts;

namespace ChestScreener.Reports.Pdf;

/// <summary>
/// PDFsharp 6 has no system-font lookup on Linux: this resolver serves the DejaVu Sans faces from the fonts-dejavu-core
/// package (or $CHESTSCREENER_FONTS) for every family the report asks for.
/// </summary>
public sealed class DejaVuFontResolver : IFontResolver
{
    public const string Family = "DejaVu Sans";

    private static readonly string[] Folders =
    [
        Environment.GetEnvironmentVariable("CHESTSCREENER_FONTS") ?? "",
        "/usr/share/fonts/truetype/dejavu",
        "/usr/share/fonts/dejavu",
        "/usr/share/fonts/TTF",
    ];

    private static readonly object Gate = new();
    private static readonly Dictionary<string, byte[]> Cache = new();

    public static DejaVuFontResolver Instance { get; } = new();

    /// <summary>Installs the resolver once per process (PDFsharp requires the same instance on every setting).</summary>
    public static void EnsureInstalled()
    {
        lock (Gate)
        {
            if (GlobalFontSettings.FontResolver is null) GlobalFontSettings.FontResolver = Instance;
        }
    }

    public FontResolverInfo? ResolveTypeface(string familyName, bool bold, bool italic)
    {
        var face = (bold, italic) switch
        {
            (true, true) => "DejaVuSans-BoldOblique",
            (true, false) => "DejaVuSans-Bold",
            (false, true) => "DejaVuSans-Oblique",
            _ => "DejaVuSans",
        };
        return new FontResolverInfo(face);
    }

    public byte[]? GetFont(string faceName)
    {
        lock (Gate)
        {
            if (Cache.TryGetValue(faceName, out var bytes)) return bytes;
            foreach (var folder in Folders)
            {
                if (folder.Length == 0) continue;
                var path = Path.Combine(folder, faceName + ".ttf");
                if (!File.Exists(path)) continue;
                bytes = File.ReadAllBytes(path);
                Cache[faceName] = bytes;
                return bytes;
            }
        }
        throw new FileNotFoundException($"font {faceName}.ttf not found in /usr/share/fonts/truetype/dejavu; install the fonts-dejavu-core package (scripts/setup.sh does) or set CHESTSCREENER_FONTS");
    }
}
