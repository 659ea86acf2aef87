using ChestScreener.Server.Auth;

namespace ChestScreener.Server.Tests.Auth;

/// <summary>The login lockout: locks after N failures, lifts after the lock time, doubles on each repeat, resets on success.</summary>
public sealed class AuthThrottleTests
{
    private sealed class Clock : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = new(2026, 11, 29, 12, 0, 0, TimeSpan.Zero);
        public override DateTimeOffset GetUtcNow() => Now;
    }

    [Fact]
    public void Locks_after_the_limit_for_the_lock_time_doubling_each_time_and_success_resets()
    {
        var clock = new Clock();
        var throttle = new LoginThrottle(Microsoft.Extensions.Options.Options.Create(new AuthOptions { MaxFailedLogins = 3, LockoutMinutes = 5 }), clock);
        throttle.Failed("Ann");
        throttle.Failed("ann");
        Assert.Equal(TimeSpan.Zero, throttle.LockedFor("ANN"));
        throttle.Failed("ann");
        Assert.Equal(TimeSpan.FromMinutes(5), throttle.LockedFor("ann")); // names are case-insensitive
        Assert.Equal(TimeSpan.Zero, throttle.LockedFor("bob"));

        clock.Now += TimeSpan.FromMinutes(5);
        Assert.Equal(TimeSpan.Zero, throttle.LockedFor("ann"));
        for (var i = 0; i < 3; i++) throttle.Failed("ann");
        Assert.Equal(TimeSpan.FromMinutes(10), throttle.LockedFor("ann"));

        clock.Now += TimeSpan.FromMinutes(10);
        throttle.Succeeded("ann");
        for (var i = 0; i < 3; i++) throttle.Failed("ann");
        Assert.Equal(TimeSpan.FromMinutes(5), throttle.LockedFor("ann")); // a success starts the doubling afresh
    }

    [Fact]
    public void An_address_is_locked_after_failures_with_any_names_a_success_does_not_lift_it_and_old_failures_lapse()
    {
        var clock = new Clock();
        var throttle = new LoginThrottle(Microsoft.Extensions.Options.Options.Create(
            new AuthOptions { MaxFailedLogins = 3, MaxFailedLoginsPerAddress = 4, AddressWindowMinutes = 15, LockoutMinutes = 5 }), clock);
        throttle.Failed("a", "10.0.0.1");
        throttle.Failed("b", "10.0.0.1");
        clock.Now += TimeSpan.FromMinutes(16); // the first two lapse
        for (var i = 0; i < 3; i++) throttle.Failed($"n{i}", "10.0.0.1");
        Assert.Equal(TimeSpan.Zero, throttle.LockedFor("new", "10.0.0.1"));
        throttle.Succeeded("alice");
        throttle.Failed("n3", "10.0.0.1");
        Assert.Equal(TimeSpan.FromMinutes(5), throttle.LockedFor("new", "10.0.0.1"));
        Assert.Equal(TimeSpan.Zero, throttle.LockedFor("new", "10.0.0.2"));
        Assert.Equal(TimeSpan.Zero, throttle.LockedFor("new"));
        Assert.Equal(TimeSpan.Zero, throttle.LockedFor("n3", "10.0.0.2")); // no name itself failed three times
    }
}
