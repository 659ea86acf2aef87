using System.Buffers.Binary;
using System.Numerics;
using ChestScreener.Dicom.Gdcm;
using ChestScreener.Imaging;

namespace ChestScreener.Dicom.Building;

/// <summary>
/// Stored values -> HU: masks unused high bits, sign-extends, maps padding (PixelPaddingValue, and anything below
/// <see cref="ReadOptions.PaddingBelowHu"/> such as -2000/-3024) to air, applies RescaleSlope/Intercept (exact integer
/// arithmetic when both are integers, rounding otherwise) and clamps to int16.
/// </summary>
internal static class PixelConverter
{
    public static void ToHu(DecodedPixels px, int frame, in FrameGeometry g, DicomHeader h, Span<short> dest, ReadOptions options, bool allowFastPath = true)
    {
        if (px.SamplesPerPixel != 1)
            throw new ScreenerException(RejectionCode.UnsupportedEncoding, $"{Path.GetFileName(h.Path)}: {px.SamplesPerPixel}-sample (colour) pixels are not CT values") { FileName = Path.GetFileName(h.Path) };
        int n = px.FrameLength;
        if (dest.Length != n) throw new ArgumentException($"destination holds {dest.Length} pixels, the frame {n}");
        int bytes = (px.BitsAllocated + 7) / 8;
        if (bytes is not (1 or 2 or 4))
            throw new ScreenerException(RejectionCode.UnsupportedEncoding, $"{Path.GetFileName(h.Path)}: {px.BitsAllocated}-bit pixels are not supported") { FileName = Path.GetFileName(h.Path) };
        var src = px.Buffer.AsSpan(frame * n * bytes, n * bytes);

        int bitsStored = px.BitsStored is > 0 and <= 32 ? px.BitsStored : px.BitsAllocated;
        bool mask = bitsStored < bytes * 8;
        long valueMask = (1L << bitsStored) - 1;
        long signBit = 1L << (bitsStored - 1);

        bool hasPad = h.PixelPaddingValue.HasValue;
        long padLo = 0, padHi = -1;
        if (hasPad)
        {
            long p = (long)h.PixelPaddingValue!.Value;
            long q = h.PixelPaddingRangeLimit.HasValue ? (long)h.PixelPaddingRangeLimit.Value : p;
            padLo = Math.Min(p, q);
            padHi = Math.Max(p, q);
        }

        double slope = g.Slope, intercept = g.Intercept;
        bool integer = slope == Math.Round(slope) && intercept == Math.Round(intercept) && Math.Abs(slope) < 1 << 15 && Math.Abs(intercept) < 1 << 20;
        long islope = (long)slope, iintercept = (long)intercept;
        int floor = options.PaddingBelowHu;
        short air = CtVolume.AirHu;

        if (allowFastPath && bytes == 2 && BitConverter.IsLittleEndian && integer && padLo >= int.MinValue && padHi <= int.MaxValue)
        {
            Convert16(System.Runtime.InteropServices.MemoryMarshal.Cast<byte, short>(src), dest, px.Signed, bitsStored, hasPad, (int)padLo, (int)padHi, (int)islope, (int)iintercept, floor);
            return;
        }

        for (int i = 0; i < n; i++)
        {
            long v = bytes switch
            {
                2 => px.Signed ? BinaryPrimitives.ReadInt16LittleEndian(src.Slice(2 * i)) : BinaryPrimitives.ReadUInt16LittleEndian(src.Slice(2 * i)),
                1 => px.Signed ? (sbyte)src[i] : src[i],
                _ => px.Signed ? BinaryPrimitives.ReadInt32LittleEndian(src.Slice(4 * i)) : BinaryPrimitives.ReadUInt32LittleEndian(src.Slice(4 * i)),
            };
            if (mask)
            {
                v &= valueMask;
                if (px.Signed && (v & signBit) != 0) v -= 1L << bitsStored;
            }
            if (hasPad && v >= padLo && v <= padHi)
            {
                dest[i] = air;
                continue;
            }
            long hu = integer ? v * islope + iintercept : (long)Math.Round(v * slope + intercept, MidpointRounding.AwayFromZero);
            dest[i] = hu < floor ? air : hu > short.MaxValue ? short.MaxValue : (short)hu;
        }
    }

    /// <summary>
    /// The common case (16-bit stored values, integer slope and intercept), vectorised: widen to int, mask or
    /// sign-extend the stored bits, padding test, rescale, floor/clamp, narrow back. The scalar tail does the same.
    /// </summary>
    private static void Convert16(ReadOnlySpan<short> s16, Span<short> dest, bool signed, int bitsStored,
        bool hasPad, int padLo, int padHi, int slope, int intercept, int floor)
    {
        int n = dest.Length;
        int shift = bitsStored < 16 ? 16 - bitsStored : 0;
        int i = 0;
        if (Vector.IsHardwareAccelerated && n >= Vector<short>.Count)
        {
            var vPadLo = new Vector<int>(padLo);
            var vPadHi = new Vector<int>(padHi);
            var vSlope = new Vector<int>(slope);
            var vIntercept = new Vector<int>(intercept);
            var vFloor = new Vector<int>(floor);
            var vMax = new Vector<int>(short.MaxValue);
            var vAir = new Vector<int>(CtVolume.AirHu);
            var vMask = new Vector<ushort>((ushort)((1 << (16 - shift)) - 1));
            for (; i <= n - Vector<short>.Count; i += Vector<short>.Count)
            {
                var raw = new Vector<short>(s16.Slice(i));
                Vector<int> lo, hi;
                if (signed)
                {
                    if (shift > 0) raw = Vector.ShiftRightArithmetic(Vector.ShiftLeft(raw, shift), shift);
                    Vector.Widen(raw, out lo, out hi);
                }
                else
                {
                    var u = Vector.AsVectorUInt16(raw);
                    if (shift > 0) u &= vMask;
                    Vector.Widen(u, out var ulo, out var uhi);
                    lo = Vector.AsVectorInt32(ulo);
                    hi = Vector.AsVectorInt32(uhi);
                }
                var huLo = Rescale(lo, vSlope, vIntercept, vFloor, vMax, vAir, hasPad, vPadLo, vPadHi);
                var huHi = Rescale(hi, vSlope, vIntercept, vFloor, vMax, vAir, hasPad, vPadLo, vPadHi);
                Vector.Narrow(huLo, huHi).CopyTo(dest.Slice(i));
            }
        }
        short air = CtVolume.AirHu;
        for (; i < n; i++)
        {
            int v = signed ? s16[i] : (ushort)s16[i];
            if (shift > 0) v = signed ? (short)(v << shift) >> shift : v & ((1 << (16 - shift)) - 1);
            if (hasPad && v >= padLo && v <= padHi)
            {
                dest[i] = air;
                continue;
            }
            int hu = v * slope + intercept;
            dest[i] = hu < floor ? air : hu > short.MaxValue ? short.MaxValue : (short)hu;
        }
    }

    private static Vector<int> Rescale(Vector<int> v, Vector<int> slope, Vector<int> intercept, Vector<int> floor, Vector<int> max, Vector<int> air,
        bool hasPad, Vector<int> padLo, Vector<int> padHi)
    {
        var hu = v * slope + intercept;
        var toAir = Vector.LessThan(hu, floor);
        if (hasPad) toAir |= Vector.GreaterThanOrEqual(v, padLo) & Vector.LessThanOrEqual(v, padHi);
        return Vector.ConditionalSelect(toAir, air, Vector.Min(hu, max));
    }
}
