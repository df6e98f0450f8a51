using FluentValidation.Results;

namespace Pricing;

/// <summary>One reason a command was refused, naming the field at fault (as metering's rejections do).</summary>
public sealed record Refusal(string Field, string Problem)
{
    public override string ToString() => $"{Field}: {Problem}";
}

/// <summary>
/// A decision refused its command: the command was malformed or would break a rule of the
/// state it was decided against. Nothing was decided, so nothing is appended; an endpoint
/// answers with the reasons as problem details, a consumer parks the message for an operator.
/// </summary>
public sealed class CommandRefusedException(IReadOnlyList<Refusal> reasons)
    : Exception(string.Join(" ", reasons.Select(r => r.ToString())))
{
    public IReadOnlyList<Refusal> Reasons { get; } = reasons;

    public static CommandRefusedException Because(string field, string problem) => new([new Refusal(field, problem)]);

    internal static void ThrowIfInvalid(ValidationResult result)
    {
        if (!result.IsValid)
            throw new CommandRefusedException([.. result.Errors.Select(e => new Refusal(e.PropertyName, e.ErrorMessage))]);
    }
}
