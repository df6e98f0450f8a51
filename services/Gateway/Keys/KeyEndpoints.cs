using System.Buffers.Text;
using System.Security.Cryptography;
using FluentValidation;
using GpuBilling.Decisions;
using GpuBilling.Access;
using GpuBilling.ServiceDefaults;
using Marten;

namespace Gateway.Keys;

/// <param name="PrincipalId">The tenant a tenant key speaks for; the person or system an operator, auditor or partner key belongs to.</param>
public sealed record CreateKeyRequest(string? PrincipalId, string? Role);

/// <summary>A key as listed: never the key itself, which only its creation answer shows.</summary>
public sealed record KeyView(string Id, string PrincipalId, string Role, DateTimeOffset CreatedAt)
{
    public static KeyView Of(ApiKey key) => new(key.Id, key.PrincipalId, key.Role, key.CreatedAt);
}

/// <summary>The one answer that holds the key: store it now, it cannot be read again.</summary>
public sealed record CreatedKey(string Key, KeyView Details);

public sealed class CreateKeyValidator : AbstractValidator<CreateKeyRequest>
{
    private static readonly string[] KnownRoles = [Roles.Tenant, Roles.Partner, Roles.Auditor, Roles.Operator, Roles.Scheduler];

    public CreateKeyValidator()
    {
        RuleFor(r => r.PrincipalId).NotEmpty().IsId(Ids.Principal);
        // A tenant key's principal is its tenant: a tenant id no billing account or grant could name would reach nothing.
        RuleFor(r => r.PrincipalId).IsId(Ids.Tenant).When(r => r.Role == Roles.Tenant)
            .WithMessage($"'PrincipalId' of a tenant key is the tenant's id, which {Ids.Tenant.Words}.");
        RuleFor(r => r.Role).NotEmpty().IsOneOf(KnownRoles)
            .WithMessage($"'Role' must be one of: {string.Join(", ", KnownRoles)}.");
    }
}

/// <summary>
/// Operators issue and revoke every principal's keys here. A key is shown once, in the answer that
/// creates it, and stored only as its SHA-256, which is also its id: revoking deletes it, and the
/// next call with it is refused at once, since every call looks its key up.
/// </summary>
public static class KeyEndpoints
{
    public static IHostApplicationBuilder AddKeys(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<IValidator<CreateKeyRequest>, CreateKeyValidator>();
        return builder;
    }

    public static void MapKeys(this IEndpointRouteBuilder app)
    {
        var keys = app.MapGroup("/v1/keys").WithTag("API keys", "Issuing and revoking API keys (operators only); a key is shown once, when issued.").RequireRoles(Roles.Operator);
        keys.MapPost("", CreateAsync)
            .WithName("CreateApiKey")
            .WithSummary("Issues a key of a role for a principal; the answer holds the key, shown only here.")
            .Produces<CreatedKey>(StatusCodes.Status201Created)
            .ProducesMalformedRequest()
            .ProducesValidationProblem();
        keys.MapGet("", ListAsync)
            .WithName("ListApiKeys")
            .WithSummary("Every key (never the key itself), or those of one principal.")
            .Produces<List<KeyView>>();
        keys.MapDelete("/{keyId}", RevokeAsync)
            .WithName("RevokeApiKey")
            .WithSummary("Revokes a key: the next call with it is refused.")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static async Task<IResult> CreateAsync(
        CreateKeyRequest request, IValidator<CreateKeyRequest> validator, IDocumentSession session, TimeProvider clock, CancellationToken cancellationToken)
    {
        var validation = await validator.ValidateAsync(request, cancellationToken);
        if (!validation.IsValid) return Results.ValidationProblem(validation.ToDictionary());

        var key = "mk_" + Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        var stored = ApiKey.For(key, request.PrincipalId!, request.Role!, clock.GetUtcNow());
        session.Insert(stored);
        await session.SaveChangesAsync(cancellationToken);
        return Results.Created($"/v1/keys/{stored.Id}", new CreatedKey(key, KeyView.Of(stored)));
    }

    private static async Task<IResult> ListAsync(string? principalId, IQuerySession session, CancellationToken cancellationToken)
    {
        var query = session.Query<ApiKey>().AsQueryable();
        if (principalId is not null) query = query.Where(k => k.PrincipalId == principalId);
        var keys = await query.OrderBy(k => k.PrincipalId).ThenBy(k => k.CreatedAt).ToListAsync(cancellationToken);
        return Results.Ok(keys.Select(KeyView.Of));
    }

    private static async Task<IResult> RevokeAsync(string keyId, IDocumentSession session, CancellationToken cancellationToken)
    {
        if (await session.LoadAsync<ApiKey>(keyId, cancellationToken) is null)
            return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: $"There is no key {keyId}.");
        session.Delete<ApiKey>(keyId);
        await session.SaveChangesAsync(cancellationToken);
        return Results.NoContent();
    }
}
