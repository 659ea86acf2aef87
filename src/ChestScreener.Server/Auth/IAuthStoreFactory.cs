using ChestScreener.Server.Audit;
using ChestScreener.Server.Options;

namespace ChestScreener.Server.Auth;

/// <summary>Makes the user/key store and the audit log for one kind of database, chosen by <see cref="ServerOptions.Store"/> like the study store.</summary>
public interface IAuthStoreFactory
{
    /// <summary>The value of <see cref="ServerOptions.Store"/> this factory serves.</summary>
    string Name { get; }
    IAuthStore CreateAuthStore(ServerOptions options);
    IAuditLog CreateAuditLog(ServerOptions options);
}
