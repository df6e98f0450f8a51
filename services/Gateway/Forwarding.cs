using System.Security.Claims;
using GpuBilling.Access;
using Microsoft.AspNetCore.Authorization;
using Yarp.ReverseProxy.Transforms;
using Yarp.ReverseProxy.Transforms.Builder;

namespace Gateway;

/// <summary>
/// What the gateway does to every call it forwards: the caller's key stays here (a service behind
/// never sees a key, so it cannot leak one in a log), any caller header the client sent itself is
/// dropped, and the caller the key belongs to, with the tenants it reaches, is vouched for with a signature the services check
/// (<see cref="GatewayCalls"/>).
/// </summary>
public static class Forwarding
{
    /// <summary>The route policy of `/v1/standing`, the one route a scheduler's key is forwarded on.</summary>
    public const string StandingPolicy = "standing";

    /// <summary>
    /// The services behind, from the `ReverseProxy` section, each call vouched for with the key in
    /// `Access:GatewaySigningKey`. A route's policy ("default" or <see cref="StandingPolicy"/>) admits
    /// the keys it may forward; the service behind then decides by role, as it would anyway. A
    /// scheduler's key is refused here on every route but the standing's, so no endpoint a service
    /// adds later can be reached with it by mistake.
    /// </summary>
    public static IHostApplicationBuilder AddForwarding(this IHostApplicationBuilder builder)
    {
        builder.Services.AddAuthorizationBuilder()
            .SetDefaultPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().RequireAssertion(c => !c.User.IsInRole(Roles.Scheduler)).Build())
            .AddPolicy(StandingPolicy, policy => policy.RequireAuthenticatedUser());
        var signingKey = GatewayCalls.KeyOf(builder.Configuration["Access:GatewaySigningKey"])
            ?? throw new InvalidOperationException("Access:GatewaySigningKey is not set: the services behind the gateway would believe no call it forwards.");
        builder.Services.AddReverseProxy()
            .LoadFromConfig(builder.Configuration.GetSection("ReverseProxy"))
            .AddTransforms(context => VouchForCaller(context, signingKey));
        return builder;
    }

    public static void VouchForCaller(TransformBuilderContext builder, byte[] signingKey)
    {
        builder.AddRequestHeaderRemove(ApiKeyAuthenticationHandler.HeaderName);
        // The portal's session cookie, like a key, stays at the gateway.
        builder.AddRequestHeaderRemove("Cookie");
        builder.AddRequestHeaderRemove(GatewayCalls.CallerHeader);
        builder.AddRequestHeaderRemove(GatewayCalls.SignatureHeader);
        builder.AddRequestTransform(context =>
        {
            var user = context.HttpContext.User;
            if (user.Identity?.IsAuthenticated != true) return ValueTask.CompletedTask;
            var request = context.HttpContext.Request;
            var (caller, signature) = GatewayCalls.Sign(
                signingKey,
                new GatewayCaller(
                    user.Id(), user.FindFirstValue(ClaimTypes.Role) ?? "", [.. user.FindAll(PrincipalClaims.Tenant).Select(c => c.Value)], DateTimeOffset.UtcNow),
                request.Method,
                request.Path.Value + request.QueryString.Value);
            context.ProxyRequest.Headers.Add(GatewayCalls.CallerHeader, caller);
            context.ProxyRequest.Headers.Add(GatewayCalls.SignatureHeader, signature);
            return ValueTask.CompletedTask;
        });
    }
}
