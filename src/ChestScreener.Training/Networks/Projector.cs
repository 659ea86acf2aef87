using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace ChestScreener.Training.Networks;

/// <summary>VICReg projector head (Linear-BN-ReLU-Linear) applied to sampled voxel descriptors; not exported.</summary>
public sealed class Projector : nn.Module<Tensor, Tensor>
{
    public Projector(long dim, long hidden) : base("projector")
    {
        fc1 = nn.Linear(dim, hidden);
        bn = nn.BatchNorm1d(hidden);
        fc2 = nn.Linear(hidden, hidden);
        RegisterComponents();
    }
#pragma warning disable IDE1006
    private readonly Linear fc1;
    private readonly BatchNorm1d bn;
    private readonly Linear fc2;
#pragma warning restore IDE1006

    public override Tensor forward(Tensor x) => fc2.forward(nn.functional.relu(bn.forward(fc1.forward(x))));
}
