namespace ChestScreener.Reports;

/// <summary>Turns wire region names (right_lung_upper) into words a reader scans quickly (right lung, upper zone).</summary>
public static class RegionNames
{
    public static string Pretty(string region) => region switch
    {
        "right_lung_upper" => "right lung, upper zone",
        "right_lung_middle" => "right lung, middle zone",
        "right_lung_lower" => "right lung, lower zone",
        "left_lung_upper" => "left lung, upper zone",
        "left_lung_middle" => "left lung, middle zone",
        "left_lung_lower" => "left lung, lower zone",
        "pleura_chest_wall" => "pleura / chest wall",
        _ => region.Replace('_', ' '),
    };
}
