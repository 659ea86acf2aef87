namespace ChestScreener.Server.Auth;

/// <summary>
/// Users, API keys and login sessions, kept beside the studies (SQLite now; a server database behind <see cref="IAuthStoreFactory"/>).
/// Holds hashes only: a password, key secret or session token never reaches it in clear.
/// </summary>
public interface IAuthStore
{
    /// <summary>False when a user of that name (case-insensitive) exists.</summary>
    bool AddUser(UserRecord user);
    UserRecord? FindUser(string name);
    IReadOnlyList<UserRecord> ListUsers();
    /// <summary>Replaces role, site, password hash and the disabled flag; disabling also ends the user's sessions. False when unknown.</summary>
    bool UpdateUser(UserRecord user);

    void AddKey(ApiKeyRecord key);
    ApiKeyRecord? FindKey(string id);
    IReadOnlyList<ApiKeyRecord> ListKeys();
    /// <summary>False when there is no such key or it was already revoked.</summary>
    bool RevokeKey(string id, DateTimeOffset when);

    /// <summary>Stores a new session (and may drop expired ones).</summary>
    void AddSession(SessionRecord session);
    SessionRecord? FindSession(string tokenHash);
    void DeleteSession(string tokenHash);
}
