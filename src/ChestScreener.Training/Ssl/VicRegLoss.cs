using static TorchSharp.torch;

namespace ChestScreener.Training.Ssl;

/// <summary>VICReg terms on paired embeddings (rows = positive pairs): invariance (MSE), variance hinge, covariance.</summary>
public static class VicRegLoss
{
    public static (Tensor Total, Tensor Inv, Tensor Var, Tensor Cov) Compute(Tensor a, Tensor b, double wInv, double wVar, double wCov)
    {
        var inv = nn.functional.mse_loss(a, b);
        var var = Variance(a) + Variance(b);
        var cov = Covariance(a) + Covariance(b);
        var total = inv * wInv + var * wVar + cov * wCov;
        return (total, inv, var, cov);
    }

    private static Tensor Variance(Tensor e)
    {
        var std = sqrt(e.var(0) + 1e-4);
        return nn.functional.relu(1 - std).mean();
    }

    private static Tensor Covariance(Tensor e)
    {
        long n = e.shape[0], d = e.shape[1];
        var c = e - e.mean([0L]);
        var cov = c.t().mm(c) / (n - 1);
        return (cov.pow(2).sum() - cov.diagonal().pow(2).sum()) / d;
    }
}
