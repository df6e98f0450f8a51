using Microsoft.AspNetCore.Authentication;

namespace GpuBilling.Access;

/// <summary>Why a caller is not authenticated, in the words its 401 answers with.</summary>
public sealed class CallerRefused(string title, string detail, string? error = null) : Exception(title)
{
    public static readonly CallerRefused NoKey = new(
        $"The {ApiKeyAuthenticationHandler.HeaderName} header is missing.",
        $"Send your API key in the {ApiKeyAuthenticationHandler.HeaderName} header.");

    public static readonly CallerRefused UnknownKey = new(
        "The API key is unknown or revoked.",
        $"The key in the {ApiKeyAuthenticationHandler.HeaderName} header is not one this API knows: it was never issued, or it has been revoked.",
        "invalid_key");

    public static readonly CallerRefused ThroughGatewayOnly = new(
        "This service is reached through the gateway only.",
        $"It takes no {ApiKeyAuthenticationHandler.HeaderName}: send your key to the gateway.");

    public static readonly CallerRefused NoGatewayCalls = new(
        "This service accepts no gateway calls.",
        "Access:GatewaySigningKey is not set here.");

    public static readonly CallerRefused NoGatewaySignature = new(
        $"The {GatewayCalls.SignatureHeader} header is missing.",
        $"A call naming its caller in {GatewayCalls.CallerHeader} must carry the gateway's signature.");

    public static readonly CallerRefused GatewaySignatureFails = new(
        "The gateway's signature does not hold for this request.",
        $"{GatewayCalls.SignatureHeader} is not the gateway's signature of this caller, method and path, made within the last minute.");

    public string Detail { get; } = detail;

    /// <summary>The `WWW-Authenticate` value: the scheme, the header it reads, and for a key that failed the error (as Bearer's `invalid_token`).</summary>
    public string Challenge { get; } = $"{ApiKeyAuthenticationHandler.SchemeName} header=\"{ApiKeyAuthenticationHandler.HeaderName}\"" + (error is null ? "" : $", error=\"{error}\"");

    public static implicit operator AuthenticateResult(CallerRefused refused) => AuthenticateResult.Fail(refused);
}
