namespace ChestScreener.Server.Audit;

/// <summary>The audit log's action names.</summary>
public static class AuditActions
{
    public const string Upload = "upload";
    public const string View = "view";
    public const string Download = "download";
    public const string Export = "export";
    public const string Delete = "delete";
    public const string Login = "login";
    public const string LoginFailed = "login_failed";
    public const string Logout = "logout";
    public const string UserAdded = "user_added";
    public const string UserDisabled = "user_disabled";
    public const string KeyCreated = "key_created";
    public const string KeyRevoked = "key_revoked";
    /// <summary>A STOW-RS request: how many instances were stored and refused (no UIDs, no patient data).</summary>
    public const string Stow = "stow";
    /// <summary>A STOW-RS study queued, on request or after its quiet period; the target is the new study.</summary>
    public const string StowComplete = "stow_complete";
}
