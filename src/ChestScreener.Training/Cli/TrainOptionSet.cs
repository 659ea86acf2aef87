using System.CommandLine;
using ChestScreener.Training.Ssl;

namespace ChestScreener.Training.Cli;

/// <summary>The settings of `train`: <see cref="TrainOptions"/> is the one home of their defaults; an option not given keeps it.</summary>
internal sealed class TrainOptionSet
{
    private readonly Option<string> _manifest = new("--manifest") { Description = "Training manifest (CSV)", Required = true };
    private readonly Option<string> _run = new("--run") { Description = "Run folder (checkpoints; resumes when it holds one)" };
    private readonly Option<double> _minutes = new("--minutes") { Description = "Wall-clock budget" };
    private readonly Option<int> _base = new("--base") { Description = "UNet base channels" };
    private readonly Option<int> _levels = new("--levels") { Description = "UNet levels" };
    private readonly Option<int> _crop = new("--crop") { Description = "Crop size (voxels)" };
    private readonly Option<int> _batch = new("--batch") { Description = "Crop pairs per step" };
    private readonly Option<int> _points = new("--points") { Description = "Matched points per pair" };
    private readonly Option<double> _lr = new("--lr") { Description = "Learning rate" };
    private readonly Option<int> _maxSteps = new("--max-steps") { Description = "Stop after this many steps" };
    private readonly Option<int> _threads = new("--threads") { Description = "Torch threads" };
    private readonly Option<double> _checkpointMinutes = new("--checkpoint-minutes") { Description = "Minutes between checkpoints" };

    public void AddTo(Command command)
    {
        foreach (var o in new Option[] { _manifest, _run, _minutes, _base, _levels, _crop, _batch, _points, _lr, _maxSteps, _threads, _checkpointMinutes })
            command.Options.Add(o);
    }

    public TrainOptions Read(ParseResult p)
    {
        var d = new TrainOptions();
        T Or<T>(Option<T> option, T fallback) => p.GetResult(option) is null ? fallback : p.GetValue(option)!;
        return d with
        {
            Manifest = p.GetValue(_manifest)!,
            RunDirectory = Or(_run, d.RunDirectory),
            Minutes = Or(_minutes, d.Minutes),
            BaseChannels = Or(_base, d.BaseChannels),
            Levels = Or(_levels, d.Levels),
            Crop = Or(_crop, d.Crop),
            BatchPairs = Or(_batch, d.BatchPairs),
            Points = Or(_points, d.Points),
            LearningRate = Or(_lr, d.LearningRate),
            MaxSteps = Or(_maxSteps, d.MaxSteps),
            Threads = Or(_threads, d.Threads),
            CheckpointMinutes = Or(_checkpointMinutes, d.CheckpointMinutes),
        };
    }
}
