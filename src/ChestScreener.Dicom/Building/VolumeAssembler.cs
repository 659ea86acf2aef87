using ChestScreener.Dicom.Gdcm;
using ChestScreener.Imaging;

namespace ChestScreener.Dicom.Building;

/// <summary>Decodes the planned slices in parallel (one file per task) into an int16 HU volume, resampling when planned.</summary>
internal static class VolumeAssembler
{
    public static Volume<short> Build(StackPlan plan, ReadOptions options, Func<string, string> display)
    {
        // Every voxel is written below (direct copy or resampling), so the GC need not zero 100+ MB first.
        var volume = new Volume<short>(plan.Output, GC.AllocateUninitializedArray<short>(checked((int)plan.Output.VoxelCount)));
        int sliceLength = plan.Columns * plan.Rows;
        // Without resampling, slice k lands straight in volume slice k; otherwise in a staging stack first.
        short[][]? staging = plan.NeedsResampling ? new short[plan.Slices.Count][] : null;

        // Group frames by file so each file is opened and decoded once (enhanced multi-frame files hold many slices).
        var byFile = new Dictionary<string, List<(int Frame, int Slot)>>(StringComparer.Ordinal);
        for (int k = 0; k < plan.Slices.Count; k++)
        {
            var s = plan.Slices[k];
            if (!byFile.TryGetValue(s.Header.Path, out var list)) byFile[s.Header.Path] = list = [];
            list.Add((s.Frame, k));
        }
        var files = byFile.Keys.ToArray();
        Array.Sort(files, StringComparer.Ordinal);

        var parallel = Parallelism.Options(options.MaxThreads);
        try
        {
            Parallel.ForEach(files, parallel, path =>
            {
                var header = plan.Slices[byFile[path][0].Slot].Header;
                DecodedPixels px;
                try
                {
                    PixelCheck.ThrowIfDamaged(header);
                    px = NativePixelReader.TryRead(header) ?? GdcmSeam.Decode(path, header.TransferSyntaxUid);
                }
                catch (ScreenerException e)
                {
                    throw new ScreenerException(e.Code, e.Message.Replace(Path.GetFileName(path), display(path), StringComparison.Ordinal), e) { FileName = display(path) };
                }
                if (px.Columns != plan.Columns || px.Rows != plan.Rows)
                    throw new ScreenerException(RejectionCode.CorruptFile, $"{display(path)}: decoded {px.Columns}x{px.Rows} pixels but the header says {plan.Columns}x{plan.Rows}") { FileName = display(path) };
                try
                {
                    foreach (var (frame, slot) in byFile[path])
                    {
                        if (frame >= px.Frames)
                            throw new ScreenerException(RejectionCode.CorruptFile, $"{display(path)}: frame {frame + 1} is missing from the pixel data") { FileName = display(path) };
                        var target = staging is null ? volume.Slice(slot) : (staging[slot] = new short[sliceLength]);
                        PixelConverter.ToHu(px, frame, plan.Slices[slot].Geometry, header, target, options);
                    }
                }
                finally
                {
                    if (px.Pooled) System.Buffers.ArrayPool<byte>.Shared.Return(px.Buffer);
                }
            });
        }
        catch (AggregateException e)
        {
            // Report one failure deterministically (the first file in path order), not whichever thread lost the race.
            var first = e.Flatten().InnerExceptions.OfType<ScreenerException>().OrderBy(x => x.FileName, StringComparer.Ordinal).FirstOrDefault();
            if (first is not null) throw first;
            throw;
        }

        if (staging is not null) StackResampler.Resample(plan, staging, volume, parallel);
        return volume;
    }
}
