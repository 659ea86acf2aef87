namespace ChestScreener.Anatomy;

/// <summary>Thresholds and sizes of the classical anatomy segmentation (data, not literals in the code).</summary>
public sealed record AnatomyOptions
{
    public static AnatomyOptions Default { get; } = new();

    /// <summary>In-plane and through-plane voxel size aimed at for the working grid (integer block reduction).</summary>
    public double WorkSpacingMm { get; init; } = 1.5;
    public double WorkSliceMm { get; init; } = 2.0;
    /// <summary>Voxels above this are body tissue (skin, fat, muscle, bone) when finding the body outline.</summary>
    public short BodyHu { get; init; } = -500;
    /// <summary>In-plane opening radius that cuts the table and straps off the body.</summary>
    public double TableCutMm { get; init; } = 6;
    /// <summary>Voxels inside the body below this are air: lungs, airways, gas.</summary>
    public short AirHu { get; init; } = -400;
    /// <summary>An air component is kept as lung/airway when at least this large (ml) and this fraction of the largest.</summary>
    public double MinLungComponentMl { get; init; } = 20;
    public double MinLungComponentFraction { get; init; } = 0.08;
    /// <summary>Trachea seed: a roundish air section of this area (mm²) near the middle of the body, near the top.</summary>
    public double TracheaMinMm2 { get; init; } = 60;
    public double TracheaMaxMm2 { get; init; } = 700;
    /// <summary>Airway region growing starts below this HU and lowers it until the tree is under AirwayMaxMl (leak guard).</summary>
    public short AirwayStartHu { get; init; } = -900;
    public short AirwayStepHu { get; init; } = 20;
    public short AirwayFloorHu { get; init; } = -1010;
    public double AirwayMaxMl { get; init; } = 120;
    /// <summary>Full-resolution boundary refinement: lung where HU is below this at the working-grid boundary.</summary>
    public short LungEdgeHu { get; init; } = -450;
    /// <summary>...only in lung blocks whose mean HU is below this (aerated lung at its border, not a nodule or mass).</summary>
    public short LungEdgeBlockHu { get; init; } = -300;
    public short BoneHu { get; init; } = 200;
    /// <summary>Between the lungs, voxels from BoneHu up to this may be contrast-filled blood (heart chambers), not bone.</summary>
    public short ContrastBloodMaxHu { get; init; } = 600;
    /// <summary>Heart candidates are at least this dense (pericardial fat is below it).</summary>
    public short HeartMinHu { get; init; } = -30;
    /// <summary>Slivers thinner than this (radius) are removed from the mediastinum.</summary>
    public double MediastinumOpenMm { get; init; } = 3;
    /// <summary>Heart estimate: the mediastinum below the carina opened with this radius (removes aorta, oesophagus).</summary>
    public double HeartOpenMm { get; init; } = 14;
    /// <summary>Thickness of the pleura/chest-wall shell around each lung (in-plane; thinner head-foot so the liver under a dome stays out).</summary>
    public double ShellMm { get; init; } = 15;
    public double ShellThroughPlaneMm { get; init; } = 4;
    /// <summary>The heart estimate starts this far below the carina.</summary>
    public double HeartBelowCarinaMm { get; init; } = 15;
    /// <summary>Mediastinum only on levels where each lung shows at least this share of its widest section.</summary>
    public double MediastinumLungShare { get; init; } = 0.06;
    /// <summary>Tissue under lung that lies below this fraction of the lung height (from the apex) is under a dome (abdomen), not mediastinum.</summary>
    public double DomeLevel { get; init; } = 0.55;
    /// <summary>Pleural cavity: each lung closed per slice with a disk of this radius (fills the notch of a juxtapleural nodule).</summary>
    public double CavityCloseMm { get; init; } = 15;
    /// <summary>...and head-foot gaps of at most this between voxels of one lung in a column are closed.</summary>
    public double CavityCloseZMm { get; init; } = 20;
    /// <summary>Cavity candidates keep this distance from bone (ribs, spine) so the chest wall stays out.</summary>
    public double CavityBoneMarginMm { get; init; } = 3;
    /// <summary>Cavity candidates are below this HU: soft tissue, fluid, air (no bone, no contrast-bright vessel).</summary>
    public short CavitySoftMaxHu { get; init; } = 150;
    /// <summary>A level whose aerated section on one side is under this share of the other side's gets the other lung mirrored.</summary>
    public double CavityMirrorRatio { get; init; } = 0.5;
    /// <summary>
    /// ...when the healthy side shows at least this section (mm²); the mirrored lung is inset by this (mm). With the
    /// midline on the spine the mirror lands on the other side's ribs, which the bone margin already keeps out; a 4 mm
    /// inset left LIDC-0314's mass a rim short of its chest wall.
    /// </summary>
    public double CavityMirrorMinMm2 { get; init; } = 1500;
    public double CavityMirrorInsetMm { get; init; } = 1;
    /// <summary>Maximum number of in-plane erosions tried when the two lungs touch at a junction line.</summary>
    public int MaxSplitErosions { get; init; } = 8;
}
