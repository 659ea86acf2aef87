using ChestScreener.Server.Storage;

namespace ChestScreener.Server.Auth;

/// <summary>
/// Which studies a caller may see: admins all; others the studies of their site and the ones they uploaded themselves. Studies
/// uploaded without authentication (no owner, no site) are the admins' only. Anything else answers 404, as if it did not exist.
/// </summary>
public static class StudyAccess
{
    public static bool CanSee(Caller caller, StudyRecord study) =>
        caller.IsAdmin
        || (caller.Site is not null && string.Equals(study.Site, caller.Site, StringComparison.OrdinalIgnoreCase))
        || (study.Owner is not null && study.Owner == caller.Actor);
}
