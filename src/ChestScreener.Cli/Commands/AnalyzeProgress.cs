using ChestScreener.Results;
using Spectre.Console;

namespace ChestScreener.Cli.Commands;

/// <summary>Progress of a batch: a live bar with per-study status and ETA on a terminal, plain lines otherwise.</summary>
public abstract class AnalyzeProgress
{
    public static AnalyzeProgress Create(TextWriter output, TextWriter error, bool interactive) =>
        interactive ? new LiveProgress() : new PlainProgress(output, error);

    /// <summary>Runs the batch inside the progress display.</summary>
    public abstract void Run(int total, Action<AnalyzeProgress> body);
    public abstract void StudyStarted(int index, string name, TimeSpan? eta);
    public abstract void Stage(string stage);
    /// <summary>The one result line of a study (always printed, also on a terminal).</summary>
    public abstract void StudyFinished(string line);

    protected static double StageFraction(string stage) => StageNames.TypicalStartPercent(stage) / 100.0;

    protected static string Eta(TimeSpan? eta) => eta is null ? "" : $" (eta {(int)eta.Value.TotalMinutes}:{eta.Value.Seconds:00})";

    private sealed class PlainProgress(TextWriter output, TextWriter error) : AnalyzeProgress
    {
        private int _total;
        public override void Run(int total, Action<AnalyzeProgress> body) { _total = total; body(this); }
        public override void StudyStarted(int index, string name, TimeSpan? eta) => error.WriteLine($"[{index + 1}/{_total}] {name}: analysing{Eta(eta)}");
        public override void Stage(string stage) { }
        public override void StudyFinished(string line) { output.WriteLine(line); output.Flush(); }
    }

    private sealed class LiveProgress : AnalyzeProgress
    {
        private ProgressTask? _task;
        private int _index, _total;
        private string _name = "";

        public override void Run(int total, Action<AnalyzeProgress> body)
        {
            _total = total;
            AnsiConsole.Progress()
                .AutoClear(true)
                .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
                .Start(ctx =>
                {
                    _task = ctx.AddTask("starting", maxValue: total);
                    body(this);
                    _task.Value = total;
                });
        }

        public override void StudyStarted(int index, string name, TimeSpan? eta)
        {
            _index = index;
            _name = name.Length > 40 ? "…" + name[^39..] : name;
            Stage(StageNames.Load);
        }

        public override void Stage(string stage)
        {
            if (_task is null) return;
            _task.Description = Markup.Escape($"[{_index + 1}/{_total}] {_name}: {stage}");
            _task.Value = _index + StageFraction(stage);
        }

        public override void StudyFinished(string line)
        {
            AnsiConsole.WriteLine(line);
            if (_task is not null) _task.Value = _index + 1;
        }
    }
}
