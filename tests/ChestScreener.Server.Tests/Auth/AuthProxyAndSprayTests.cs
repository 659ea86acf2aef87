using System.Net;
using System.Net.Http.Json;
using ChestScreener.Server.Audit;
using ChestScreener.Server.Auth;
using ChestScreener.Tests;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ChestScreener.Server.Tests.Auth;

/// <summary>
/// Issue 20, finding 8 (auth): Secure cookies behind a trusted TLS proxy (and only a trusted one) or when forced; login
/// throttling per client address against name spraying; refused logins bounded in the audit log; form-encoded logins.
/// </summary>
public sealed class AuthProxyAndSprayTests : IDisposable
{
    private const string Password = "correct horse battery staple";
    private readonly TempFolder _data = TestData.NewTempFolder();
    private readonly List<IDisposable> _owned = [];

    public void Dispose()
    {
        foreach (var d in Enumerable.Reverse(_owned)) d.Dispose();
        _data.Dispose();
    }

    private sealed class Clock : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = new(2026, 12, 6, 12, 0, 5, TimeSpan.Zero);
        public override DateTimeOffset GetUtcNow() => Now;
    }

    private WebApplicationFactory<Program> Server(Dictionary<string, string> settings, TimeProvider? clock = null)
    {
        var factory = new ServerFactory(_data.Path, new CountingProcessor(TimeSpan.FromMilliseconds(10)), settings);
        _owned.Add(factory);
        if (clock is null) return factory;
        var withClock = factory.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton(clock)));
        _owned.Add(withClock);
        return withClock;
    }

    private static void AddUser(WebApplicationFactory<Program> factory, string name)
    {
        var sp = factory.Services;
        new AuthAdmin(sp.GetRequiredService<IAuthStore>(), sp.GetRequiredService<IAuditLog>(), sp.GetRequiredService<Passwords>(),
            sp.GetRequiredService<IOptions<AuthOptions>>(), TimeProvider.System) { Actor = "test" }.AddUser(name, Roles.Viewer, null, Password);
    }

    private static HttpClient Browser(WebApplicationFactory<Program> factory)
    {
        var client = factory.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false });
        client.DefaultRequestHeaders.Remove(ScreenerAuthHandler.KeyHeader);
        return client;
    }

    private static Task<HttpResponseMessage> Login(HttpClient client, string name, string password, string? from = null, string? proto = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/auth/login") { Content = JsonContent.Create(new { name, password }) };
        if (from is not null) request.Headers.Add(AuthTestAddress.Header, from);
        if (proto is not null) request.Headers.Add("X-Forwarded-Proto", proto);
        return client.SendAsync(request);
    }

    private static string Cookie(HttpResponseMessage login)
    {
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        return login.Headers.GetValues("Set-Cookie").Single();
    }

    [Fact]
    public async Task The_cookie_is_Secure_when_a_trusted_proxy_says_https_and_not_when_anyone_else_does()
    {
        var server = Server(new() { ["Screener:Auth:TrustedProxies:0"] = "10.9.0.0/16", ["Screener:Auth:TrustedProxies:1"] = "192.0.2.1" });
        AddUser(server, "alice");
        var browser = Browser(server);
        // Loopback (127.0.0.7, the test default) is a trusted proxy as in ASP.NET; so are the configured range and address.
        Assert.Contains("secure", Cookie(await Login(browser, "alice", Password, proto: "https")), StringComparison.OrdinalIgnoreCase);
        Assert.Contains("secure", Cookie(await Login(browser, "alice", Password, from: "10.9.4.2", proto: "https")), StringComparison.OrdinalIgnoreCase);
        Assert.Contains("secure", Cookie(await Login(browser, "alice", Password, from: "192.0.2.1", proto: "https")), StringComparison.OrdinalIgnoreCase);
        // A client that is not a trusted proxy cannot claim HTTPS; plain HTTP gets no Secure flag.
        Assert.DoesNotContain("secure", Cookie(await Login(browser, "alice", Password, from: "203.0.113.9", proto: "https")), StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("secure", Cookie(await Login(browser, "alice", Password, from: "10.9.4.2")), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task SecureCookies_always_marks_the_cookie_Secure_over_plain_http()
    {
        var server = Server(new() { ["Screener:Auth:SecureCookies"] = "always" });
        AddUser(server, "alice");
        Assert.Contains("secure", Cookie(await Login(Browser(server), "alice", Password)), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Spraying_names_from_one_address_gets_429_there_while_other_addresses_log_in()
    {
        var server = Server(new() { ["Screener:Auth:MaxFailedLoginsPerAddress"] = "10" });
        AddUser(server, "alice");
        var browser = Browser(server);
        var answers = new List<HttpStatusCode>();
        for (var i = 0; i < 15; i++) answers.Add((await Login(browser, $"name{i}", "a wrong password", from: "198.51.100.7")).StatusCode);
        Assert.All(answers.Take(10), a => Assert.Equal(HttpStatusCode.Unauthorized, a));
        Assert.All(answers.Skip(10), a => Assert.Equal((HttpStatusCode)429, a));
        // The address is locked even for a right password; the same user from elsewhere is not.
        Assert.Equal((HttpStatusCode)429, (await Login(browser, "alice", Password, from: "198.51.100.7")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Login(browser, "alice", Password, from: "198.51.100.8")).StatusCode);
    }

    [Fact]
    public async Task Refused_logins_beyond_the_limit_per_minute_become_one_summary_row_and_successful_logins_stay_rows()
    {
        var clock = new Clock();
        var server = Server(new() { ["Screener:Auth:AuditRefusalsPerMinute"] = "5", ["Screener:Auth:MaxFailedLoginsPerAddress"] = "1000" }, clock);
        AddUser(server, "alice");
        var browser = Browser(server);
        for (var i = 0; i < 40; i++) await Login(browser, $"name{i}", "a wrong password", from: "198.51.100.7");
        clock.Now += TimeSpan.FromMinutes(1);
        await Login(browser, "someone", "a wrong password", from: "198.51.100.9");
        Assert.Equal(HttpStatusCode.OK, (await Login(browser, "alice", Password)).StatusCode);

        var rows = server.Services.GetRequiredService<IAuditLog>().Read(limit: 10_000);
        var refused = rows.Where(r => r.Action == AuditActions.LoginFailed).ToList();
        Assert.Equal(5 + 1 + 1, refused.Count); // five of the first minute, its summary, the one of the next minute
        var summary = Assert.Single(refused, r => r.Detail!.Contains("not listed one by one"));
        Assert.StartsWith("35 more refused logins", summary.Detail);
        Assert.Equal("198.51.100.7", summary.Address);
        Assert.Single(rows, r => r.Action == AuditActions.Login && r.Target == "alice");
    }

    [Fact]
    public async Task A_form_encoded_login_works_but_not_from_another_site()
    {
        var server = Server([]);
        AddUser(server, "alice");
        var browser = Browser(server);
        HttpRequestMessage Form(string? origin)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/auth/login")
            {
                Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["name"] = "alice", ["password"] = Password }),
            };
            if (origin is not null) request.Headers.Add("Origin", origin);
            return request;
        }
        Assert.StartsWith("screener_session=", Cookie(await browser.SendAsync(Form(null))));
        Assert.StartsWith("screener_session=", Cookie(await browser.SendAsync(Form(browser.BaseAddress!.GetLeftPart(UriPartial.Authority)))));
        var foreign = await browser.SendAsync(Form("https://evil.example"));
        Assert.Equal(HttpStatusCode.Forbidden, foreign.StatusCode);
        Assert.False(foreign.Headers.Contains("Set-Cookie"));

        var text = await browser.PostAsync("/api/v1/auth/login", new StringContent("name=alice"));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, text.StatusCode);
        Assert.Equal("application/problem+json", text.Content.Headers.ContentType?.MediaType);
    }
}
