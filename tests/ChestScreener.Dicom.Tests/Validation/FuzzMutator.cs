using System.Buffers.Binary;

namespace ChestScreener.Dicom.Tests.Validation;

/// <summary>
/// Deterministic byte mutations of a seed file: the same (seed, count) always gives the same bytes, so a crasher found
/// by the fuzz tests is replayed as a named regression test from two numbers.
/// </summary>
internal static class FuzzMutator
{
    /// <summary>Values that make lengths, counts and dimensions interesting.</summary>
    private static readonly uint[] Interesting = [0, 1, 0x7F, 0x80, 0xFF, 0x100, 0x7FFF, 0x8000, 0xFFFF, 0x10000, 0x7FFFFFFF, 0x80000000, 0xFFFFFFFE, 0xFFFFFFFF];

    /// <summary>
    /// Applies <paramref name="count"/> mutations; positions fall in the first <paramref name="hotBytes"/> bytes (the header)
    /// four times out of five.
    /// </summary>
    public static byte[] Mutate(byte[] seedFile, int seed, int count, int hotBytes)
    {
        var rng = new Random(seed);
        var data = new List<byte>(seedFile);
        for (int m = 0; m < count && data.Count > 0; m++)
        {
            int limit = rng.Next(5) == 0 ? data.Count : Math.Min(data.Count, hotBytes);
            int at = rng.Next(Math.Max(1, limit));
            switch (rng.Next(8))
            {
                case 0:
                    data[at] ^= (byte)(1 << rng.Next(8));
                    break;
                case 1:
                    data[at] = (byte)rng.Next(256);
                    break;
                case 2:
                    {
                        // An interesting 16- or 32-bit value, where lengths and dimensions live.
                        Span<byte> b = stackalloc byte[4];
                        BinaryPrimitives.WriteUInt32LittleEndian(b, Interesting[rng.Next(Interesting.Length)]);
                        int width = rng.Next(2) == 0 ? 2 : 4;
                        for (int i = 0; i < width && at + i < data.Count; i++) data[at + i] = b[i];
                        break;
                    }
                case 3:
                    data.RemoveRange(at, data.Count - at);   // truncate
                    break;
                case 4:
                    data.RemoveRange(at, Math.Min(rng.Next(1, 64), data.Count - at));
                    break;
                case 5:
                    {
                        var chunk = new byte[rng.Next(1, 64)];
                        rng.NextBytes(chunk);
                        data.InsertRange(at, chunk);
                        break;
                    }
                case 6:
                    {
                        // Duplicate a range elsewhere: repeated elements, items and delimiters.
                        int from = rng.Next(data.Count), length = Math.Min(rng.Next(1, 128), data.Count - from);
                        data.InsertRange(at, data.GetRange(from, length));
                        break;
                    }
                default:
                    {
                        // Swap in the bytes of another tag's position: shifts the parse by a few bytes.
                        int other = rng.Next(Math.Max(1, limit));
                        (data[at], data[other]) = (data[other], data[at]);
                        break;
                    }
            }
        }
        return [.. data];
    }
}
