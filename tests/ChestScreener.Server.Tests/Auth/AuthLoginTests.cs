using System.Net;
using System.Net.Http.Json;
using ChestScreener.Server.Api;
using ChestScreener.Server.Auth;
using ChestScreener.Tests;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace ChestScreener.Server.Tests.Auth;

/// <summary>The viewer's login: cookie flags, the CSRF header on changes, logout, lockout after failures, disabled users, hashed passwords.</summary>
public sealed class AuthLoginTests : IDisposable
{
    private const string Password = "correct horse battery staple";
    private readonly TempFolder _data = TestData.NewTempFolder();
    private readonly ServerFactory _factory;
    private readonly AuthAdmin _admin;

    public AuthLoginTests()
    {
        _factory = new ServerFactory(_data.Path, new CountingProcessor(TimeSpan.FromMilliseconds(10)),
            new Dictionary<string, string> { ["Screener:Auth:MaxFailedLogins"] = "3", ["Screener:Auth:LockoutMinutes"] = "10" });
        _ = _factory.Services;
        var sp = _factory.Services;
        _admin = new AuthAdmin(sp.GetRequiredService<IAuthStore>(), sp.GetRequiredService<Server.Audit.IAuditLog>(), sp.GetRequiredService<Passwords>(),
            sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<AuthOptions>>(), TimeProvider.System) { Actor = "test" };
    }

    public void Dispose()
    {
        _factory.Dispose();
        _data.Dispose();
    }

    /// <summary>A browser-like client: keeps cookies, sends no API key.</summary>
    private HttpClient Browser()
    {
        var client = _factory.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = true });
        client.DefaultRequestHeaders.Remove(ScreenerAuthHandler.KeyHeader);
        return client;
    }

    private static Task<HttpResponseMessage> Login(HttpClient client, string name, string password) =>
        client.PostAsJsonAsync("/api/v1/auth/login", new { name, password });

    [Fact]
    public async Task Login_sets_a_strict_httponly_cookie_that_reads_studies_and_logout_ends_it()
    {
        _admin.AddUser("alice", Roles.Uploader, "north", Password);
        var browser = Browser();
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync("/api/v1/studies")).StatusCode);

        var login = await Login(browser, "alice", Password);
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        var setCookie = login.Headers.GetValues("Set-Cookie").Single();
        Assert.StartsWith("screener_session=", setCookie);
        Assert.Contains("httponly", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("path=/", setCookie, StringComparison.OrdinalIgnoreCase);
        // The test server speaks plain HTTP, so no Secure flag here; over HTTPS the flag is set (Request.IsHttps).
        Assert.DoesNotContain("secure", setCookie, StringComparison.OrdinalIgnoreCase);
        var studies = await browser.GetAsync("/api/v1/studies");
        Assert.Equal("no-store", studies.Headers.CacheControl?.ToString());
        Assert.Equal("DENY", studies.Headers.GetValues("X-Frame-Options").Single());
        Assert.Equal("nosniff", studies.Headers.GetValues("X-Content-Type-Options").Single());
        var me = (await browser.GetFromJsonAsync<CallerDto>("/api/v1/auth/me", TestUploads.Json))!;
        Assert.Equal(("alice", "uploader", "north", "session"), (me.Name, me.Role, me.Site, me.Method));
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/api/v1/studies")).StatusCode);

        // A cookie-authenticated change without the custom header is refused (a cross-site form cannot add it) ...
        var forged = await browser.PostAsync("/api/v1/studies", TestUploads.Form(("a.dcm", TestUploads.DicomLike(1))));
        Assert.Equal(HttpStatusCode.Forbidden, forged.StatusCode);
        // ... and accepted with it.
        var upload = new HttpRequestMessage(HttpMethod.Post, "/api/v1/studies") { Content = TestUploads.Form(("a.dcm", TestUploads.DicomLike(1))) };
        upload.Headers.Add(AuthSetup.CsrfHeader, "ChestScreener");
        Assert.Equal(HttpStatusCode.Accepted, (await browser.SendAsync(upload)).StatusCode);

        var logout = new HttpRequestMessage(HttpMethod.Post, "/api/v1/auth/logout");
        logout.Headers.Add(AuthSetup.CsrfHeader, "ChestScreener");
        Assert.Equal(HttpStatusCode.NoContent, (await browser.SendAsync(logout)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync("/api/v1/studies")).StatusCode);
    }

    [Fact]
    public async Task A_stolen_cookie_stops_working_after_logout_and_when_the_user_is_disabled()
    {
        _admin.AddUser("bob", Roles.Viewer, "north", Password);
        _admin.AddUser("carol", Roles.Viewer, "north", Password);
        var bob = Browser();
        var login = await Login(bob, "bob", Password);
        var token = login.Headers.GetValues("Set-Cookie").Single().Split(';')[0];
        var thief = _factory.CreateClient();
        thief.DefaultRequestHeaders.Remove(ScreenerAuthHandler.KeyHeader);
        thief.DefaultRequestHeaders.Add("Cookie", token);
        Assert.Equal(HttpStatusCode.OK, (await thief.GetAsync("/api/v1/studies")).StatusCode);
        var logout = new HttpRequestMessage(HttpMethod.Post, "/api/v1/auth/logout");
        logout.Headers.Add(AuthSetup.CsrfHeader, "x");
        await bob.SendAsync(logout);
        Assert.Equal(HttpStatusCode.Unauthorized, (await thief.GetAsync("/api/v1/studies")).StatusCode);

        var carol = Browser();
        Assert.Equal(HttpStatusCode.OK, (await Login(carol, "carol", Password)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await carol.GetAsync("/api/v1/studies")).StatusCode);
        Assert.True(_admin.DisableUser("carol"));
        Assert.Equal(HttpStatusCode.Unauthorized, (await carol.GetAsync("/api/v1/studies")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Login(carol, "carol", Password)).StatusCode);
    }

    [Fact]
    public async Task Repeated_failures_lock_the_name_with_429_even_for_the_right_password_and_unknown_names_alike()
    {
        _admin.AddUser("dave", Roles.Viewer, null, Password);
        var browser = Browser();
        for (var i = 0; i < 3; i++)
        {
            var wrong = await Login(browser, "dave", "not the password at all");
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
            Assert.Equal("wrong name or password", (await TestUploads.ProblemAsync(wrong)).GetProperty("detail").GetString());
        }
        var locked = await Login(browser, "dave", Password);
        Assert.Equal((HttpStatusCode)429, locked.StatusCode);
        Assert.Equal("login_locked", (await TestUploads.ProblemAsync(locked)).GetProperty("code").GetString());
        Assert.InRange(int.Parse(locked.Headers.GetValues("Retry-After").Single()), 1, 600);

        // An unknown name answers exactly like a wrong password and locks the same way (no account discovery).
        for (var i = 0; i < 3; i++)
        {
            var unknown = await Login(browser, "nobody", "whatever password");
            Assert.Equal(HttpStatusCode.Unauthorized, unknown.StatusCode);
            Assert.Equal("wrong name or password", (await TestUploads.ProblemAsync(unknown)).GetProperty("detail").GetString());
        }
        Assert.Equal((HttpStatusCode)429, (await Login(browser, "nobody", "whatever password")).StatusCode);
        // Another name is not affected.
        _admin.AddUser("erin", Roles.Viewer, null, Password);
        Assert.Equal(HttpStatusCode.OK, (await Login(browser, "erin", Password)).StatusCode);
    }

    [Fact]
    public void Passwords_are_stored_as_salted_pbkdf2_hashes_never_in_clear()
    {
        var a = _admin.AddUser("frank", Roles.Admin, null, Password);
        var b = _admin.AddUser("grace", Roles.Admin, null, Password);
        Assert.DoesNotContain(Password, a.PasswordHash);
        Assert.NotEqual(a.PasswordHash, b.PasswordHash); // salted
        var stored = _factory.Services.GetRequiredService<IAuthStore>().FindUser("FRANK")!;
        Assert.Equal(a.PasswordHash, stored.PasswordHash);
        var bytes = Convert.FromBase64String(stored.PasswordHash);
        Assert.Equal(0x01, bytes[0]); // Identity V3 format: PBKDF2 with its PRF, iteration count and salt in the header
        Assert.Equal(20000, (bytes[5] << 24) | (bytes[6] << 16) | (bytes[7] << 8) | bytes[8]);
        var passwords = _factory.Services.GetRequiredService<Passwords>();
        Assert.True(passwords.Verify(stored.PasswordHash, Password));
        Assert.False(passwords.Verify(stored.PasswordHash, Password + "!"));

        var files = Directory.GetFiles(_data.Path, "studies.db*").SelectMany(File.ReadAllBytes).ToArray();
        Assert.Equal(-1, files.AsSpan().IndexOf(System.Text.Encoding.UTF8.GetBytes(Password)));
    }

    [Fact]
    public void Admin_rejects_bad_roles_names_short_passwords_and_duplicates_with_a_reason()
    {
        Assert.Contains("role", Assert.Throws<ArgumentException>(() => _admin.AddUser("x", "root", null, Password)).Message);
        Assert.Contains("user name", Assert.Throws<ArgumentException>(() => _admin.AddUser("a b", Roles.Viewer, null, Password)).Message);
        Assert.Contains("12 characters", Assert.Throws<ArgumentException>(() => _admin.AddUser("short", Roles.Viewer, null, "tooshort")).Message);
        _admin.AddUser("heidi", Roles.Viewer, null, Password);
        Assert.Contains("exists", Assert.Throws<ArgumentException>(() => _admin.AddUser("HEIDI", Roles.Viewer, null, Password)).Message);
        Assert.Contains("role", Assert.Throws<ArgumentException>(() => _admin.CreateKey("k", "superuser", null)).Message);
    }
}
