using GpuBilling.Decisions;
using GpuBilling.HashChains;
using Invoicing.Audit;

namespace Invoicing.BillingAccounts;

/// <summary>Open a billing account for <see cref="BillingAccount.TenantId"/>, as of <paramref name="Now"/>.</summary>
public sealed record OpenBillingAccount(BillingAccount Account, DateTimeOffset Now, Actor By);

/// <summary>Replace the account's terms and legal details, as of <paramref name="Now"/>.</summary>
public sealed record ChangeBillingAccount(BillingAccount Account, DateTimeOffset Now, Actor By);

/// <summary>The state of a billing account stream: the terms in force and the hash its next event chains to.</summary>
/// <param name="TenantId">The stream's key (<see cref="AccountKey"/>).</param>
public sealed record BillingAccountState(string TenantId, BillingAccount Account, string LastHash)
{
    public static BillingAccountState Evolve(BillingAccountState? state, BillingAccountEvent @event) => @event switch
    {
        BillingAccountOpened opened => new BillingAccountState(opened.TenantId, opened.Account, opened.Hash),
        BillingAccountChanged changed when state is not null => new BillingAccountState(changed.TenantId, changed.Account, changed.Hash),
        _ => throw new InvalidOperationException($"{@event.GetType().Name} cannot apply to {(state is null ? "an empty stream" : "an open account")}."),
    };
}

public static class BillingAccountDecision
{
    private static readonly BillingAccountValidator Validator = new();

    /// <summary>Opening the same account twice (a retried request) adds nothing; opening it with other terms is refused.</summary>
    public static IReadOnlyList<BillingAccountEvent> Decide(OpenBillingAccount command, BillingAccountState? state)
    {
        Validate(command.Account);
        if (state is not null)
        {
            if (CanonicalJson.SameData(state.Account, command.Account)) return [];
            throw CommandRefused.Conflict(
                $"Tenant '{command.Account.TenantId}' already has a billing account; change it with {nameof(ChangeBillingAccount)}.");
        }

        return Sealed(state, new BillingAccountOpened(command.Account.TenantId, command.Account, command.Now, command.By));
    }

    /// <summary>
    /// Currency, time zone and anchor day are fixed once the account is open: changing them would
    /// move the boundaries of periods already invoiced (a second billed twice or skipped) or mix
    /// currencies in one period. A tenant that needs other ones gets a new account.
    /// </summary>
    public static IReadOnlyList<BillingAccountEvent> Decide(ChangeBillingAccount command, BillingAccountState? state)
    {
        var tenant = command.Account.TenantId;
        if (state is null) throw CommandRefused.NotFound($"Tenant '{tenant}' has no billing account to change.");
        Validate(command.Account);

        var current = state.Account;
        var fixedFields = new List<FieldProblem>();
        if (command.Account.TenantId != current.TenantId)
            fixedFields.Add(new(nameof(BillingAccount.TenantId), $"cannot change (it is '{current.TenantId}')"));
        if (command.Account.CurrencyCode != current.CurrencyCode)
            fixedFields.Add(new(nameof(BillingAccount.CurrencyCode), $"cannot change once the account is open (it is {current.CurrencyCode}): invoices of one account are in one currency"));
        if (command.Account.TimeZoneId != current.TimeZoneId)
            fixedFields.Add(new(nameof(BillingAccount.TimeZoneId), $"cannot change once the account is open (it is {current.TimeZoneId}): it would move the boundaries of periods already billed"));
        if (command.Account.AnchorDay != current.AnchorDay)
            fixedFields.Add(new(nameof(BillingAccount.AnchorDay), $"cannot change once the account is open (it is {current.AnchorDay}): it would move the boundaries of periods already billed"));
        if (fixedFields.Count > 0) throw new CommandRefused(Refusal.Conflict, $"Billing account of '{tenant}' refused: {string.Join("; ", fixedFields)}.", fixedFields);

        if (CanonicalJson.SameData(current, command.Account)) return [];
        return Sealed(state, new BillingAccountChanged(tenant, command.Account, command.Now, command.By));
    }

    /// <summary>Every problem at once, each naming its field, so a form can show them all.</summary>
    public static void Validate(BillingAccount account)
    {
        var result = Validator.Validate(account);
        if (result.IsValid) return;
        throw CommandRefused.Invalid(
            $"Billing account of '{account.TenantId}' is invalid",
            result.Errors.Select(e => new FieldProblem(e.PropertyName, e.ErrorMessage)).ToList());
    }

    private static IReadOnlyList<BillingAccountEvent> Sealed(BillingAccountState? state, params IEnumerable<BillingAccountEvent> events) =>
        HashChain.Seal(state?.LastHash ?? HashChain.Genesis, events);
}
