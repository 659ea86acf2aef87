using System.Text.RegularExpressions;
using ChestScreener.Server.Audit;
using Microsoft.Extensions.Options;

namespace ChestScreener.Server.Auth;

/// <summary>
/// User and key administration as `screener users` / `screener keys` do it, on the very store the server uses (built by the
/// server's own service registration from the same configuration), each change written to the audit log.
/// </summary>
public sealed partial class AuthAdmin(IAuthStore store, IAuditLog audit, Passwords passwords, IOptions<AuthOptions> options, TimeProvider clock)
{
    public string Actor { get; init; } = $"cli:{Environment.UserName}";

    public IAuthStore Store => store;
    public IAuditLog Audit => audit;

    /// <summary>Opens the stores of the data folder; other settings (Screener:Store, connection strings) come from appsettings.json and Screener__* variables.</summary>
    public static AuthAdmin Open(string dataDir, IEnumerable<KeyValuePair<string, string?>>? settings = null)
    {
        var configuration = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(Directory.GetCurrentDirectory(), "appsettings.json"), optional: true)
            .AddEnvironmentVariables()
            .AddInMemoryCollection([new("Screener:DataDir", Path.GetFullPath(dataDir)), .. settings ?? []])
            .Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IConfiguration>(configuration);
        ServerApp.AddServices(services, configuration);
        var sp = services.BuildServiceProvider();
        return new AuthAdmin(sp.GetRequiredService<IAuthStore>(), sp.GetRequiredService<IAuditLog>(), sp.GetRequiredService<Passwords>(),
            sp.GetRequiredService<IOptions<AuthOptions>>(), sp.GetRequiredService<TimeProvider>());
    }

    /// <summary>Adds a user; throws <see cref="ArgumentException"/> with a one-line reason for a bad name, role, site or password, or a taken name.</summary>
    public UserRecord AddUser(string name, string role, string? site, string password)
    {
        CheckName(name, "user name");
        CheckRole(role);
        if (site is not null) CheckName(site, "site");
        if (Passwords.Check(password, options.Value.MinPasswordLength) is { } problem) throw new ArgumentException(problem);
        var user = new UserRecord { Name = name, Role = role, Site = site, PasswordHash = passwords.Hash(password), CreatedUtc = clock.GetUtcNow() };
        if (!store.AddUser(user)) throw new ArgumentException($"a user named '{name}' exists already");
        Log(AuditActions.UserAdded, name, $"role {role}, site {site ?? "(none)"}");
        return user;
    }

    /// <summary>Disables a user and ends their sessions; false when there is no such user.</summary>
    public bool DisableUser(string name)
    {
        if (store.FindUser(name) is not { } user || !store.UpdateUser(user with { Disabled = true })) return false;
        Log(AuditActions.UserDisabled, user.Name, null);
        return true;
    }

    /// <summary>A new key; the returned string is the only time the full key exists outside the client.</summary>
    public (ApiKeyRecord Record, string Key) CreateKey(string name, string role, string? site)
    {
        CheckName(name, "key name");
        CheckRole(role);
        if (site is not null) CheckName(site, "site");
        var (record, key) = Tokens.NewKey(name, role, site, clock.GetUtcNow());
        store.AddKey(record);
        Log(AuditActions.KeyCreated, record.Id, $"{name}: role {role}, site {site ?? "(none)"}");
        return (record, key);
    }

    public bool RevokeKey(string id)
    {
        if (!store.RevokeKey(id, clock.GetUtcNow())) return false;
        Log(AuditActions.KeyRevoked, id, null);
        return true;
    }

    private void Log(string action, string target, string? detail) =>
        audit.Append(new AuditEntry { AtUtc = clock.GetUtcNow(), Actor = Actor, Action = action, Target = target, Address = "cli", Detail = detail });

    private static void CheckRole(string role)
    {
        if (!Roles.IsValid(role)) throw new ArgumentException($"role must be one of {string.Join(", ", Roles.All)}, not '{role}'");
    }

    private static void CheckName(string value, string what)
    {
        if (!SafeName().IsMatch(value)) throw new ArgumentException($"a {what} is 1-64 letters, digits, '.', '_', '-' or '@', not '{value}'");
    }

    [GeneratedRegex("^[A-Za-z0-9._@-]{1,64}$")]
    private static partial Regex SafeName();
}
