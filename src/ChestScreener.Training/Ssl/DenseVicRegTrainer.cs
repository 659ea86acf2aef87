using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using ChestScreener.Model;
using ChestScreener.Model.Preprocessing;
using ChestScreener.Training.Data;
using ChestScreener.Training.Networks;
using TorchSharp;
using static TorchSharp.torch;

namespace ChestScreener.Training.Ssl;

/// <summary>
/// Dense self-supervised training of the descriptor UNet (DenseVICReg): each step draws view pairs, runs both views
/// through the UNet, samples descriptors at shared physical points and applies VICReg on a projector head.
/// Writes loss.csv every step and checkpoints (weights + state.json) every few minutes; a second call resumes.
/// </summary>
public sealed class DenseVicRegTrainer(TrainOptions options, PreprocessingConfig prep, TextWriter log)
{
    public const string DescriptorCheckpoint = "descriptor.ckpt";
    public const string ProjectorCheckpoint = "projector.ckpt";
    public const string StateFile = "state.json";
    public const string OptionsFile = "options.json";

    public void Run(IReadOnlyList<TrainingVolume> volumes)
    {
        torch.set_num_threads(options.Threads);
        torch.random.manual_seed(options.Seed);
        Directory.CreateDirectory(options.RunDirectory);
        File.WriteAllText(Path.Combine(options.RunDirectory, OptionsFile), JsonSerializer.Serialize(options, ModelConfig.JsonOptions));

        var net = new UNet3d(2, options.BaseChannels, options.Levels, options.Dim);
        var projector = new Projector(options.Dim, options.ProjectorDim);
        var state = new TrainState();
        var statePath = Path.Combine(options.RunDirectory, StateFile);
        if (File.Exists(statePath))
        {
            state = JsonSerializer.Deserialize<TrainState>(File.ReadAllText(statePath), ModelConfig.JsonOptions)!;
            net.load(Path.Combine(options.RunDirectory, DescriptorCheckpoint));
            projector.load(Path.Combine(options.RunDirectory, ProjectorCheckpoint));
            log.WriteLine($"resuming at step {state.Step}, {state.ElapsedSeconds / 60:F1} min already spent");
        }
        net.train();
        projector.train();
        var parameters = net.parameters().Concat(projector.parameters()).ToList();
        var optimizer = torch.optim.AdamW(parameters, options.LearningRate, weight_decay: 1e-4);
        var sampler = new ViewSampler(options.Crop, options.Points, prep);
        var rng = new Random(options.Seed + state.Step);
        var lossPath = Path.Combine(options.RunDirectory, "loss.csv");
        if (!File.Exists(lossPath)) File.WriteAllText(lossPath, "step,elapsed_s,loss,invariance,variance,covariance,lr\n");

        var clock = Stopwatch.StartNew();
        double budget = options.Minutes * 60;
        double lastCheckpoint = 0;
        int step = state.Step;
        int resumedAt = state.Step;
        double lastLoss = state.LastLoss;
        int n = options.Crop, b = options.BatchPairs, p = options.Points;
        while (step < options.MaxSteps && state.ElapsedSeconds + clock.Elapsed.TotalSeconds < budget)
        {
            double elapsed = state.ElapsedSeconds + clock.Elapsed.TotalSeconds;
            double lr = LearningRate(step - resumedAt, elapsed / budget);
            foreach (var g in optimizer.ParamGroups) g.LearningRate = lr;

            var pairs = new List<ViewPair>();
            while (pairs.Count < b)
            {
                var tv = volumes[rng.Next(volumes.Count)];
                var pair = sampler.TrySample(tv, rng);
                if (pair != null) pairs.Add(pair);
            }
            using (var scope = torch.NewDisposeScope())
            {
                var views = new float[2 * b * 2 * n * n * n];
                var grids = new float[2 * b * p * 3];
                for (int i = 0; i < b; i++)
                {
                    pairs[i].View1.CopyTo(views, i * pairs[i].View1.Length);
                    pairs[i].View2.CopyTo(views, (b + i) * pairs[i].View1.Length);
                    pairs[i].Grid1.CopyTo(grids, i * p * 3);
                    pairs[i].Grid2.CopyTo(grids, (b + i) * p * 3);
                }
                var x = torch.tensor(views).reshape(2 * b, 2, n, n, n);
                var grid = torch.tensor(grids).reshape(2 * b, 1, 1, p, 3);
                var y = net.forward(x);
                var sampled = nn.functional.grid_sample(y, grid, mode: GridSampleMode.Bilinear, padding_mode: GridSamplePaddingMode.Border, align_corners: true);
                var d = sampled.reshape(2 * b, options.Dim, p).permute(0, 2, 1).reshape(2 * b * p, options.Dim);
                var e = projector.forward(d);
                var e1 = e.narrow(0, 0, b * p);
                var e2 = e.narrow(0, b * p, b * p);
                var (total, inv, var, cov) = VicRegLoss.Compute(e1, e2, options.InvarianceWeight, options.VarianceWeight, options.CovarianceWeight);
                optimizer.zero_grad();
                total.backward();
                double gradNorm = torch.nn.utils.clip_grad_norm_(parameters, 5.0);
                lastLoss = total.item<float>();
                // A non-finite loss or gradient would poison the weights for good: skip that step instead.
                if (double.IsFinite(gradNorm) && float.IsFinite((float)lastLoss)) optimizer.step();
                else log.WriteLine($"step {step + 1}: non-finite loss/gradient ({lastLoss}, {gradNorm}), update skipped");
                step++;
                File.AppendAllText(lossPath, string.Create(CultureInfo.InvariantCulture,
                    $"{step},{state.ElapsedSeconds + clock.Elapsed.TotalSeconds:F1},{lastLoss:F5},{inv.item<float>():F5},{var.item<float>():F5},{cov.item<float>():F5},{lr:E3}\n"));
                if (step % 10 == 0 || step < 5)
                    log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"step {step} loss {lastLoss:F4} (inv {inv.item<float>():F4} var {var.item<float>():F4} cov {cov.item<float>():F4}) lr {lr:E2} {(state.ElapsedSeconds + clock.Elapsed.TotalSeconds) / 60:F1} min"));
            }
            if (clock.Elapsed.TotalMinutes - lastCheckpoint >= options.CheckpointMinutes)
            {
                Save(net, projector, new TrainState { Step = step, ElapsedSeconds = state.ElapsedSeconds + clock.Elapsed.TotalSeconds, LastLoss = lastLoss });
                lastCheckpoint = clock.Elapsed.TotalMinutes;
            }
        }
        Save(net, projector, new TrainState { Step = step, ElapsedSeconds = state.ElapsedSeconds + clock.Elapsed.TotalSeconds, LastLoss = lastLoss });
        log.WriteLine($"done: {step} steps, final loss {lastLoss:F4}");
    }

    /// <summary>
    /// Linear warm-up over the first 30 steps of this call (a resumed run starts with a fresh optimiser state), then
    /// cosine decay to 5% over the time budget.
    /// </summary>
    public double LearningRate(int stepsThisRun, double fraction)
    {
        double warm = Math.Min(1.0, (stepsThisRun + 1) / 30.0);
        double cos = 0.05 + 0.95 * 0.5 * (1 + Math.Cos(Math.PI * Math.Clamp(fraction, 0, 1)));
        return options.LearningRate * warm * cos;
    }

    private void Save(UNet3d net, Projector projector, TrainState state)
    {
        // Write to temporary names then rename, so a kill mid-save never leaves a broken checkpoint.
        var dir = options.RunDirectory;
        net.save(Path.Combine(dir, DescriptorCheckpoint + ".tmp"));
        projector.save(Path.Combine(dir, ProjectorCheckpoint + ".tmp"));
        File.WriteAllText(Path.Combine(dir, StateFile + ".tmp"), JsonSerializer.Serialize(state with { Updated = DateTime.UtcNow.ToString("o") }, ModelConfig.JsonOptions));
        File.Move(Path.Combine(dir, DescriptorCheckpoint + ".tmp"), Path.Combine(dir, DescriptorCheckpoint), true);
        File.Move(Path.Combine(dir, ProjectorCheckpoint + ".tmp"), Path.Combine(dir, ProjectorCheckpoint), true);
        File.Move(Path.Combine(dir, StateFile + ".tmp"), Path.Combine(dir, StateFile), true);
        log.WriteLine($"checkpoint at step {state.Step}");
    }
}
