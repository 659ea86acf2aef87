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
        return d with
        {
            Manifest = p.GetValue(_manifest)!,
            RunDirectory = p.ValueOr(_run, d.RunDirectory),
            Minutes = p.ValueOr(_minutes, d.Minutes),
            BaseChannels = p.ValueOr(_base, d.BaseChannels),
            Levels = p.ValueOr(_levels, d.Levels),
            Crop = p.ValueOr(_crop, d.Crop),
            BatchPairs = p.ValueOr(_batch, d.BatchPairs),
            Points = p.ValueOr(_points, d.Points),
            LearningRate = p.ValueOr(_lr, d.LearningRate),
            MaxSteps = p.ValueOr(_maxSteps, d.MaxSteps),
            Threads = p.ValueOr(_threads, d.Threads),
            CheckpointMinutes = p.ValueOr(_checkpointMinutes, d.CheckpointMinutes),
        };
    }
}
