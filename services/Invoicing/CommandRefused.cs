namespace Invoicing;

/// <summary>Why a command was refused, so an endpoint can answer 422, 404, 409 or 403 without parsing messages.</summary>
public enum Refusal
{
    /// <summary>The command itself is wrong (a field out of range, an amount not in the invoice's currency).</summary>
    Invalid,

    /// <summary>The stream the command addresses does not exist.</summary>
    NotFound,

    /// <summary>The stream is in a state that does not allow it (a finalized invoice asked to change).</summary>
    Conflict,

    /// <summary>The actor may not do this (only an operator voids or finalizes early).</summary>
    Forbidden,
}

/// <summary>A field of a command and what is wrong with it.</summary>
public sealed record FieldProblem(string Field, string Problem)
{
    public override string ToString() => $"{Field} {Problem}";
}

/// <summary>
/// A decision refused its command. Decisions are pure, so refusing is their only way to say no;
/// the message is written for the operator or tenant who sent the command.
/// </summary>
public sealed class CommandRefused(Refusal reason, string message, IReadOnlyList<FieldProblem>? problems = null) : Exception(message)
{
    public Refusal Reason { get; } = reason;

    public IReadOnlyList<FieldProblem> Problems { get; } = problems ?? [];

    public static CommandRefused Invalid(string message) => new(Refusal.Invalid, message);

    public static CommandRefused Invalid(string subject, IReadOnlyList<FieldProblem> problems) =>
        new(Refusal.Invalid, $"{subject}: {string.Join("; ", problems)}.", problems);

    /// <summary>Refuses a page of a list that cannot be read, naming every field at fault (<see cref="GpuBilling.ServiceDefaults.Pages.ProblemsWith"/>).</summary>
    public static void ThrowIfUnreadable(IReadOnlyList<(string Field, string Problem)> pageProblems)
    {
        if (pageProblems.Count > 0) throw Invalid("The page cannot be read", [.. pageProblems.Select(p => new FieldProblem(p.Field, p.Problem))]);
    }

    public static CommandRefused NotFound(string message) => new(Refusal.NotFound, message);

    public static CommandRefused Conflict(string message) => new(Refusal.Conflict, message);

    public static CommandRefused Forbidden(string message) => new(Refusal.Forbidden, message);
}
