using PdfSharp;
using PdfSharp.Drawing;
using PdfSharp.Pdf;

namespace ChestScreener.Reports.Pdf;

/// <summary>A top-down writing cursor over A4 pages: wrapped text, filled boxes, table rows and images, with a footer on every page.</summary>
internal sealed class PdfCanvas : IDisposable
{
    public const double Margin = 36;
    private readonly PdfDocument _document;
    private readonly Action<PdfCanvas> _footer;
    private XGraphics? _gfx;

    public PdfCanvas(PdfDocument document, Action<PdfCanvas> footer)
    {
        _document = document;
        _footer = footer;
        NewPage();
    }

    public XGraphics Gfx => _gfx!;
    public double Y { get; set; }
    public double PageWidth { get; private set; }
    public double PageHeight { get; private set; }
    public double Left => Margin;
    public double ContentWidth => PageWidth - 2 * Margin;
    /// <summary>Lowest y the body may use; the footer lives below it.</summary>
    public double Bottom => PageHeight - Margin - 42;
    public int PageCount { get; private set; }

    public void NewPage()
    {
        if (_gfx is not null)
        {
            _footer(this);
            _gfx.Dispose();
        }
        var page = _document.AddPage();
        page.Size = PageSize.A4;
        PageWidth = page.Width.Point;
        PageHeight = page.Height.Point;
        _gfx = XGraphics.FromPdfPage(page);
        Y = Margin;
        PageCount++;
    }

    /// <summary>Starts a new page when fewer than <paramref name="height"/> points are left.</summary>
    public void Need(double height)
    {
        if (Y + height > Bottom) NewPage();
    }

    /// <summary>Draws wrapped text at the cursor (or at x/width) and moves the cursor below it; returns its height.</summary>
    public double Text(string text, XFont font, XBrush? brush = null, double? x = null, double? width = null, bool move = true)
    {
        double left = x ?? Left, w = width ?? ContentWidth;
        var lines = Wrap(text, font, w);
        double lineHeight = font.GetHeight() * 1.15;
        double y = Y;
        foreach (var line in lines)
        {
            Gfx.DrawString(line, font, brush ?? XBrushes.Black, new XRect(left, y, w, lineHeight), XStringFormats.TopLeft);
            y += lineHeight;
        }
        double h = lines.Count * lineHeight;
        if (move) Y += h;
        return h;
    }

    /// <summary>Height that <see cref="Text"/> would take.</summary>
    public double Measure(string text, XFont font, double width) => Wrap(text, font, width).Count * font.GetHeight() * 1.15;

    public void Rule(double thickness = 0.6, XColor? color = null)
    {
        Gfx.DrawLine(new XPen(color ?? XColors.Gray, thickness), Left, Y, Left + ContentWidth, Y);
        Y += 4;
    }

    public void Image(byte[] png, double x, double y, double width, double height)
    {
        using var stream = new MemoryStream(png);
        var image = XImage.FromStream(stream);
        Gfx.DrawImage(image, x, y, width, height);
    }

    public List<string> Wrap(string text, XFont font, double width)
    {
        var lines = new List<string>();
        foreach (var paragraph in text.Split('\n'))
        {
            var line = "";
            foreach (var word in paragraph.Split(' '))
            {
                var candidate = line.Length == 0 ? word : line + " " + word;
                if (line.Length > 0 && Gfx.MeasureString(candidate, font).Width > width)
                {
                    lines.Add(line);
                    line = word;
                }
                else
                {
                    line = candidate;
                }
            }
            lines.Add(line);
        }
        return lines;
    }

    public void Dispose()
    {
        if (_gfx is null) return;
        _footer(this);
        _gfx.Dispose();
        _gfx = null;
    }
}
