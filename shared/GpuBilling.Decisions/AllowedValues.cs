using FluentValidation;
using FluentValidation.Validators;

namespace GpuBilling.Decisions;

/// <summary>
/// A rule that admits only the values of a fixed list. A `Must(list.Contains)` would check the same,
/// but nothing outside the validator could read which values it admits; this one says, so the API
/// document lists exactly what the validator accepts (an `enum`) and the two cannot drift.
/// </summary>
public interface IAllowedValues
{
    IReadOnlyList<string> Values { get; }

    /// <summary>A comma-separated list of them (`groupBy=gpuModel,node`) rather than one.</summary>
    bool CommaSeparated { get; }
}

/// <param name="ignoreCase">Also the values in another case ("Trial"), where the API always took them so; the document lists them as written.</param>
public sealed class AllowedValuesValidator<T, TText>(IReadOnlyList<string> values, bool commaSeparated, bool ignoreCase = false)
    : PropertyValidator<T, TText>, IAllowedValues where TText : class?
{
    private readonly StringComparer _comparer = ignoreCase ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal;

    public IReadOnlyList<string> Values { get; } = values;

    public bool CommaSeparated { get; } = commaSeparated;

    public override string Name => "AllowedValuesValidator";

    /// <summary>Null passes, as with FluentValidation's own rules: whether a value must be there is NotNull's or NotEmpty's to say.</summary>
    public override bool IsValid(ValidationContext<T> context, TText value) =>
        value is not string text || (CommaSeparated ? text.Split(',', StringSplitOptions.TrimEntries) : [text]).All(v => Values.Contains(v, _comparer));

    protected override string GetDefaultMessageTemplate(string errorCode) =>
        CommaSeparated
            ? $"'{{PropertyName}}' must be a comma-separated list of: {string.Join(", ", Values)}."
            : $"'{{PropertyName}}' must be one of: {string.Join(", ", Values)}.";
}

public static class AllowedValues
{
    /// <summary>For text only (<typeparamref name="TText"/> is `string` or `string?`).</summary>
    public static IRuleBuilderOptions<T, TText> IsOneOf<T, TText>(this IRuleBuilder<T, TText> rule, IEnumerable<string> values, bool ignoreCase = false) where TText : class? =>
        rule.SetValidator(new AllowedValuesValidator<T, TText>([.. values], commaSeparated: false, ignoreCase));

    public static IRuleBuilderOptions<T, TText> IsListOf<T, TText>(this IRuleBuilder<T, TText> rule, IEnumerable<string> values) where TText : class? =>
        rule.SetValidator(new AllowedValuesValidator<T, TText>([.. values], commaSeparated: true));
}
