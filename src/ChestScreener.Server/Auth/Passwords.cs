using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace ChestScreener.Server.Auth;

/// <summary>
/// Password hashing with ASP.NET Core Identity's PasswordHasher (PBKDF2-HMAC-SHA512, 128-bit salt, iteration count stored in the
/// hash): part of the shared framework, so it is patched with the runtime and adds no package.
/// </summary>
public sealed class Passwords(int iterations)
{
    private readonly PasswordHasher<object> _hasher = new(Microsoft.Extensions.Options.Options.Create(new PasswordHasherOptions
    {
        CompatibilityMode = PasswordHasherCompatibilityMode.IdentityV3,
        IterationCount = iterations,
    }));

    // Verifying against this when the name is unknown makes a wrong name cost as long as a wrong password.
    private readonly Lazy<string> _dummy = new(() => new PasswordHasher<object>(Microsoft.Extensions.Options.Options.Create(
        new PasswordHasherOptions { IterationCount = iterations })).HashPassword(Subject, Tokens.NewSecret()));

    private static readonly object Subject = new();

    public static Passwords From(IOptions<AuthOptions> options) => new(options.Value.PasswordIterations);

    public string Hash(string password) => _hasher.HashPassword(Subject, password);

    public bool Verify(string? storedHash, string password)
    {
        if (storedHash is null)
        {
            _hasher.VerifyHashedPassword(Subject, _dummy.Value, password);
            return false;
        }
        try
        {
            return _hasher.VerifyHashedPassword(Subject, storedHash, password) != PasswordVerificationResult.Failed;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    /// <summary>Null when the password is acceptable, else why not.</summary>
    public static string? Check(string password, int minLength) =>
        password.Length < minLength ? $"a password needs at least {minLength} characters" :
        password.Trim().Length == 0 ? "a password cannot be blank" : null;
}
