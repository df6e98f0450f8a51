using System.Text;
using GpuBilling.Access;

namespace Gateway.Tests;

/// <summary>A service believes the gateway's word for a caller only for the request it was signed for, with the shared key, while it is fresh.</summary>
public class GatewayCallsTests
{
    private static readonly byte[] Key = Encoding.UTF8.GetBytes("a-signing-key-of-at-least-32-characters");
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 6, 0, 0, TimeSpan.Zero);
    private static readonly GatewayCaller Caller = new("carol@audit", Roles.Auditor, ["acme", "globex"], Now);

    [Fact]
    public void A_signed_call_names_its_caller_for_that_method_and_path()
    {
        var (caller, signature) = GatewayCalls.Sign(Key, Caller, "GET", "/v1/invoices?limit=5");

        var verified = GatewayCalls.Verify(Key, caller, signature, "get", "/v1/invoices?limit=5", Now.AddSeconds(59));

        Assert.NotNull(verified);
        Assert.Equal((Caller.PrincipalId, Caller.Role, Caller.IssuedAt), (verified.PrincipalId, verified.Role, verified.IssuedAt));
        Assert.Equal(["acme", "globex"], verified.Tenants);
    }

    [Theory]
    [InlineData("POST", "/v1/invoices?limit=5", 0, "another method")]
    [InlineData("GET", "/v1/invoices?limit=500", 0, "another query")]
    [InlineData("GET", "/v1/billing-accounts/acme", 0, "another path")]
    [InlineData("GET", "/v1/invoices?limit=5", 61, "later than a minute")]
    [InlineData("GET", "/v1/invoices?limit=5", -61, "dated more than a minute ahead")]
    public void The_signature_holds_for_nothing_else(string method, string pathAndQuery, int secondsLater, string what)
    {
        var (caller, signature) = GatewayCalls.Sign(Key, Caller, "GET", "/v1/invoices?limit=5");

        Assert.True(GatewayCalls.Verify(Key, caller, signature, method, pathAndQuery, Now.AddSeconds(secondsLater)) is null, what);
    }

    [Fact]
    public void Another_key_or_another_caller_or_scope_under_the_same_signature_is_refused()
    {
        var (caller, signature) = GatewayCalls.Sign(Key, Caller, "GET", "/v1/invoices");
        var (operatorCaller, _) = GatewayCalls.Sign(Key, Caller with { Role = Roles.Operator }, "GET", "/v1/invoices");
        var (widerCaller, _) = GatewayCalls.Sign(Key, Caller with { Tenants = ["acme", "globex", "initech"] }, "GET", "/v1/invoices");

        Assert.Null(GatewayCalls.Verify(Encoding.UTF8.GetBytes("another-signing-key-of-32-characters!!"), caller, signature, "GET", "/v1/invoices", Now));
        Assert.Null(GatewayCalls.Verify(Key, operatorCaller, signature, "GET", "/v1/invoices", Now));
        Assert.Null(GatewayCalls.Verify(Key, widerCaller, signature, "GET", "/v1/invoices", Now));
        Assert.Null(GatewayCalls.Verify(Key, "not base64!", signature, "GET", "/v1/invoices", Now));
    }

    [Fact]
    public void A_short_signing_key_is_refused_at_start()
    {
        Assert.Null(GatewayCalls.KeyOf(null));
        Assert.Equal("Access:GatewaySigningKey must be at least 32 characters.",
            Assert.Throws<InvalidOperationException>(() => GatewayCalls.KeyOf("short")).Message);
    }
}
