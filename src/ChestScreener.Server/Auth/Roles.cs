namespace ChestScreener.Server.Auth;

/// <summary>The three roles: uploader (send and read its site's studies), viewer (read its site's studies), admin (everything).</summary>
public static class Roles
{
    public const string Uploader = "uploader";
    public const string Viewer = "viewer";
    public const string Admin = "admin";

    public static readonly IReadOnlyList<string> All = [Uploader, Viewer, Admin];

    public static bool IsValid(string? role) => role is Uploader or Viewer or Admin;

    /// <summary>Authorisation policy names used on the endpoints.</summary>
    public const string ReadPolicy = "read";
    public const string UploadPolicy = "upload";
    public const string AdminPolicy = "admin";
}
