using GpuBilling.Decisions;
using GpuBilling.Money;
using Invoicing.Audit;

namespace Invoicing.Credits;

/// <summary>
/// Grant credit to <paramref name="TenantId"/>, whose billing account is in <paramref name="AccountCurrency"/>,
/// as of <paramref name="Now"/>. A top-up is a grant of <see cref="CreditSource.Purchase"/>.
/// </summary>
public sealed record GrantCredit(
    string TenantId,
    Currency AccountCurrency,
    CreditSource Source,
    Money Amount,
    DateTimeOffset? ExpiresAt,
    string Reason,
    string? Receipt,
    DateTimeOffset Now,
    Actor By);

public static partial class CreditDecision
{
    public const int MaxTextLength = 200;

    /// <summary>
    /// Only an operator grants. The amount is in the account's currency and at its minor unit
    /// (a grant is money as the tenant sees it: 0.005 USD or 1.5 JPY cannot be spent or refunded).
    /// A receipt is credited once: the same purchase again (a retried request) adds nothing, another
    /// purchase with the same receipt is refused.
    /// </summary>
    public static IReadOnlyList<CreditEvent> Decide(GrantCredit command, CreditBalance? state)
    {
        RequireOperator(command.By, $"grant credit to '{command.TenantId}'");
        var problems = new List<FieldProblem>();
        var amount = command.Amount;
        if (amount.Currency != command.AccountCurrency)
            problems.Add(new("Amount", $"is in {amount.Currency}; the billing account of '{command.TenantId}' is in {command.AccountCurrency}"));
        if (amount.Amount <= 0)
            problems.Add(new("Amount", $"must be more than 0; {amount.ToAmountString()} is not"));
        else if (!amount.IsRounded)
            problems.Add(new("Amount", $"must be a whole number of {amount.Currency}'s minor unit ({amount.Currency.MinorUnits} decimals); {amount.ToAmountString()} is not"));
        if (command.ExpiresAt is { } expiry && expiry <= command.Now)
            problems.Add(new("ExpiresAt", $"must be after now ({Text(command.Now)}); {Text(expiry)} is not"));
        if (string.IsNullOrWhiteSpace(command.Reason))
            problems.Add(new("Reason", "is required: every grant says why it was made"));
        else if (command.Reason.Length > MaxTextLength)
            problems.Add(new("Reason", $"must be at most {MaxTextLength} characters"));
        if (command.Source == CreditSource.Purchase && string.IsNullOrWhiteSpace(command.Receipt))
            problems.Add(new("Receipt", "is required for purchased credit: the payment it was bought with"));
        else if (command.Source != CreditSource.Purchase && command.Receipt is not null)
            problems.Add(new("Receipt", "must be absent for promotional credit: nothing was paid for it"));
        else if (command.Receipt?.Length > MaxTextLength)
            problems.Add(new("Receipt", $"must be at most {MaxTextLength} characters"));
        if (problems.Count > 0) throw CommandRefused.Invalid($"Credit for '{command.TenantId}' cannot be granted", problems);

        if (command.Receipt is { } receipt && state?.Grants.FirstOrDefault(g => g.Receipt == receipt) is { } earlier)
        {
            if (earlier.Amount == amount && earlier.ExpiresAt == command.ExpiresAt && earlier.Reason == command.Reason) return [];
            throw CommandRefused.Conflict($"Receipt {receipt} was already credited to '{command.TenantId}' as grant {earlier.GrantId} ({Text(earlier.Amount)}).");
        }

        var grantId = $"G{(state?.Grants.Count ?? 0) + 1}";
        return Chained(state,
        [
            new CreditGranted(command.TenantId, grantId, command.Source, amount, command.ExpiresAt, command.Reason, command.Receipt, command.Now, command.By),
        ]);
    }
}
