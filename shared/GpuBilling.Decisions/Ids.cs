using System.Text.RegularExpressions;
using FluentValidation;
using FluentValidation.Validators;

namespace GpuBilling.Decisions;

/// <summary>
/// What one kind of id may be: the one rule that body validators (<see cref="IdRules.IsId{T}"/>), path
/// parameters (`IdParameters` in ServiceDefaults) and the API document (its `pattern` and `maxLength`)
/// all read, so a tenant id is the same thing in a grant, a billing account and a path.
/// </summary>
/// <param name="Kind">What the id names, for messages ("tenant id").</param>
/// <param name="Pattern">The whole id, anchored; <see cref="MaxLength"/> bounds its length.</param>
/// <param name="Words">The rule in words, following the id's name ("is 1 to 128 letters ...").</param>
public sealed record IdRule(string Kind, string Pattern, int MaxLength, string Words)
{
    private readonly Regex _regex = new(Pattern, RegexOptions.CultureInvariant);

    public bool Admits(string? id) => id is { Length: > 0 } && id.Length <= MaxLength && _regex.IsMatch(id);
}

/// <summary>
/// Every kind of id the API takes. Why these rules (docs/architecture/http.md, "Ids"): each is the
/// widest rule under which the id was ever accepted by the write that makes it, so no id stored
/// before is refused now; tenant ids are the billing account's rule (1 to 128, letters, digits,
/// '.', '_', '-', starting with a letter or digit), which grants (at most 100) widen to.
/// </summary>
public static class Ids
{
    /// <summary>
    /// Letters, digits, '.', '_' and '-', starting with a letter or digit. '@' and ':' are left out on
    /// purpose: they separate the tenant from the rest of stream keys ("acme@2025-03-01", "acme:credits").
    /// </summary>
    private const string Name = "[A-Za-z0-9][A-Za-z0-9._-]*";

    private const int NameLength = 128;

    private const string NameWords = "letters, digits, '.', '_' or '-', starting with a letter or digit";

    public static readonly IdRule Tenant = Named("tenant id");

    /// <summary>A grant's tenant: a tenant, or `*` for every tenant (an operator's grant).</summary>
    public static readonly IdRule GrantedTenant = new("tenant id", $"^(\\*|{Name})$", NameLength, $"is 1 to {NameLength} {NameWords}, or '*' (every tenant)");

    public static readonly IdRule Issuer = Named("issuer id");

    public static readonly IdRule RateCard = Named("rate card id");

    public static readonly IdRule Node = Named("node id");

    public static readonly IdRule Supplier = Named("supplier id");

    /// <summary>A tenant and the local date its billing period starts on: "acme@2025-03-01".</summary>
    public static readonly IdRule Invoice = new("invoice id", $"^{Name}@[0-9]{{4}}-[0-9]{{2}}-[0-9]{{2}}$", NameLength + 11, $"is a tenant id, '@' and the date its period starts on (acme@2025-03-01)");

    /// <summary>"CN-", the issuer, "-" and at least six digits: "CN-gpucloud-us-000042".</summary>
    public static readonly IdRule CreditNote = new("credit note number", $"^CN-{Name}-[0-9]{{6,}}$", NameLength + 24, "is 'CN-', the issuer id, '-' and its number of at least six digits (CN-gpucloud-us-000042)");

    /// <summary>Grants of a tenant's credit are numbered in the order they were made: "G1", "G2", ...</summary>
    public static readonly IdRule CreditGrant = new("credit grant id", "^G[0-9]+$", 20, "is 'G' and a number (G1)");

    /// <summary>A key's id is the SHA-256 of the key, in lowercase hex.</summary>
    public static readonly IdRule ApiKey = new("key id", "^[0-9a-f]{64}$", 64, "is the 64 lowercase hex digits of the key's SHA-256");

    /// <summary>
    /// Who a key belongs to or a grant is made to: a tenant, or a person or system by any name of these
    /// characters. As long as a tenant id (it was 100), so every tenant can have a key.
    /// </summary>
    public static readonly IdRule Principal = new("principal id", "^[A-Za-z0-9._:@-]+$", NameLength, $"is 1 to {NameLength} letters, digits or . _ : @ -");

    public static readonly IdRule WebhookSubscription = new("subscription id", "^whsub_[0-9a-f]{32}$", 38, "is 'whsub_' and 32 lowercase hex digits");

    /// <summary>"msg_" and 32 hex digits of the event's and the subscription's hash: the `webhook-id` a partner receives.</summary>
    public static readonly IdRule WebhookDelivery = new("delivery id", "^msg_[0-9a-f]{32}$", 36, "is 'msg_' and 32 lowercase hex digits");

    /// <summary>
    /// A stream of an event store, as the auditor names it: any text of at most 200 characters, since
    /// accrual and ledger keys carry tenant ids metering took from schedulers as they came.
    /// </summary>
    public static readonly IdRule StreamKey = new("stream key", "^[\\s\\S]+$", 200, "is 1 to 200 characters");

    /// <summary>The rule of a path or query parameter by its name, where the name alone says the kind.</summary>
    public static IdRule? OfParameter(string name) => name switch
    {
        "tenantId" => Tenant,
        "invoiceId" => Invoice,
        "creditNoteNumber" => CreditNote,
        "grantId" => CreditGrant,
        "keyId" => ApiKey,
        "principalId" => Principal,
        "nodeId" => Node,
        "supplierId" => Supplier,
        "rateCardId" => RateCard,
        "subscriptionId" => WebhookSubscription,
        "deliveryId" => WebhookDelivery,
        "streamKey" => StreamKey,
        _ => null,
    };

    private static IdRule Named(string kind) => new(kind, $"^{Name}$", NameLength, $"is 1 to {NameLength} {NameWords}");
}

/// <summary>A rule that admits only ids of one kind, readable by the API document (`pattern`, `maxLength`).</summary>
public interface IIdValidator
{
    IdRule Rule { get; }
}

public sealed class IdValidator<T>(IdRule rule) : PropertyValidator<T, string?>, IIdValidator
{
    public IdRule Rule { get; } = rule;

    public override string Name => "IdValidator";

    /// <summary>Null passes, as with FluentValidation's own rules: whether a value must be there is NotNull's or NotEmpty's to say.</summary>
    public override bool IsValid(ValidationContext<T> context, string? value) => value is null || Rule.Admits(value);

    protected override string GetDefaultMessageTemplate(string errorCode) => $"'{{PropertyName}}' {Rule.Words}.";
}

public static class IdRules
{
    public static IRuleBuilderOptions<T, string?> IsId<T>(this IRuleBuilder<T, string?> rule, IdRule id) =>
        rule.SetValidator(new IdValidator<T>(id));
}
