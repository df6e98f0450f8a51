using FluentValidation.Results;

namespace GpuBilling.Decisions;

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

/// <summary>A field of a command and what is wrong with it, worded to follow the field's name ("TaxRate must be ...").</summary>
public sealed record FieldProblem(string Field, string Problem)
{
    public override string ToString() => $"{Field} {Problem}";
}

/// <summary>
/// A decision refused its command. Decisions are pure, so refusing is their only way to say no:
/// nothing was decided, so nothing is appended; an endpoint answers with problem details, a
/// consumer parks the message for an operator. The message is written for whoever sent the command.
/// </summary>
public sealed class CommandRefused(Refusal reason, string message, IReadOnlyList<FieldProblem>? problems = null) : Exception(message)
{
    public Refusal Reason { get; } = reason;

    public IReadOnlyList<FieldProblem> Problems { get; } = problems ?? [];

    public static CommandRefused Invalid(string message) => new(Refusal.Invalid, message);

    public static CommandRefused Invalid(string subject, IReadOnlyList<FieldProblem> problems) =>
        new(Refusal.Invalid, $"{subject}: {string.Join("; ", problems)}.", problems);

    /// <summary>Refused for problems that each name their field already (as validators' messages do); the message lists them all.</summary>
    public static CommandRefused Invalid(IReadOnlyList<FieldProblem> problems) =>
        new(Refusal.Invalid, string.Join(" ", problems.Select(p => p.Problem)), problems);

    public static CommandRefused Because(string field, string problem) => Invalid([new FieldProblem(field, problem)]);

    public static void ThrowIfInvalid(ValidationResult result)
    {
        if (!result.IsValid) throw Invalid(ProblemsOf(result));
    }

    public static IReadOnlyList<FieldProblem> ProblemsOf(ValidationResult result) =>
        [.. result.Errors.Select(e => new FieldProblem(e.PropertyName, e.ErrorMessage))];

    /// <summary>Refuses a page of a list that cannot be read, naming every field at fault.</summary>
    public static void ThrowIfUnreadable(IReadOnlyList<(string Field, string Problem)> pageProblems)
    {
        if (pageProblems.Count > 0) throw Invalid("The page cannot be read", [.. pageProblems.Select(p => new FieldProblem(p.Field, p.Problem))]);
    }

    public static CommandRefused NotFound(string message) => new(Refusal.NotFound, message);

    public static CommandRefused Conflict(string message) => new(Refusal.Conflict, message);

    public static CommandRefused Forbidden(string message) => new(Refusal.Forbidden, message);
}
