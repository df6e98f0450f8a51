using System.Collections.Concurrent;
using System.Globalization;
using System.Reflection;
using System.Text.Json.Nodes;
using FluentValidation;
using FluentValidation.Validators;
using GpuBilling.Decisions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.OpenApi;

namespace GpuBilling.ServiceDefaults;

/// <summary>
/// What a FluentValidation validator enforces, written into the API document: lengths, patterns,
/// ranges, allowed values (<see cref="IAllowedValues"/>) and the fields it insists on. Read from the
/// validator itself (its descriptor), so the document says what the validator checks and the two
/// cannot drift. Rules with a condition (`When`) hold only sometimes, so they are left out, and so
/// are predicates (`Must`), which say nothing a schema can.
/// </summary>
public static class ValidatorSchemas
{
    private static readonly ConcurrentDictionary<Type, Type?> ValidatorTypes = new();

    /// <summary>
    /// The validator of <paramref name="type"/>: the one registered for it, which an endpoint asks for
    /// to check a body or a query as it arrives (<paramref name="checksAsSent"/>), or else a validator
    /// class for it among the application's assemblies, made with the application's services: one a
    /// decision runs on a command built from the body, perhaps after filling a field in (a billing
    /// account takes its tenant from the path). Null when nothing validates it, or its validator needs
    /// a service the application does not have.
    /// </summary>
    public static IValidator? For(Type type, IServiceProvider services, out bool checksAsSent)
    {
        checksAsSent = services.GetService(typeof(IValidator<>).MakeGenericType(type)) is IValidator;
        if (checksAsSent) return (IValidator)services.GetRequiredService(typeof(IValidator<>).MakeGenericType(type));
        if (ValidatorTypes.GetOrAdd(type, FindValidatorType) is not { } found) return null;
        try
        {
            return (IValidator)ActivatorUtilities.CreateInstance(services, found);
        }
        catch (InvalidOperationException)
        {
            // A validator of some command, not of anything the API receives: it needs what only its own caller has.
            return null;
        }
    }

    private static Type? FindValidatorType(Type validated) =>
        AppDomain.CurrentDomain.GetAssemblies()
            .Where(assembly => !assembly.IsDynamic && assembly.GetReferencedAssemblies().Any(r => r.Name == "FluentValidation"))
            .SelectMany(LoadableTypes)
            .FirstOrDefault(type => type is { IsAbstract: false, IsGenericTypeDefinition: false }
                && typeof(AbstractValidator<>).MakeGenericType(validated).IsAssignableFrom(type));

    private static IEnumerable<Type> LoadableTypes(Assembly assembly)
    {
        try
        {
            return assembly.GetTypes();
        }
        catch (ReflectionTypeLoadException partly)
        {
            return partly.Types.OfType<Type>();
        }
    }

    /// <summary>
    /// The validator's rules on the properties of an object schema. A property it insists on is
    /// required and never null only where it checks the body as sent (<paramref name="checksAsSent"/>):
    /// a decision's validator may check a field the endpoint filled in.
    /// </summary>
    public static void DescribeProperties(OpenApiSchema schema, IValidator validator, bool checksAsSent)
    {
        if (schema.Properties is not { Count: > 0 } properties) return;
        foreach (var rule in UnconditionalRules(validator))
        {
            var name = properties.Keys.FirstOrDefault(key => string.Equals(key, rule.PropertyName, StringComparison.OrdinalIgnoreCase));
            if (name is null) continue;
            var isEach = IsCollectionRule(rule);
            if (properties[name] is not OpenApiSchema property)
            {
                // An object of its own (a reference): ExactSchemas reads the mark once the generator has made it nullable.
                if (checksAsSent && !isEach && UnconditionalValidators(rule).Any(v => v is INotNullValidator or INotEmptyValidator))
                    MarkNeverNull(schema, name);
                continue;
            }
            if (isEach && property.Items is not OpenApiSchema) continue;
            var target = isEach ? (OpenApiSchema)property.Items! : property;
            foreach (var validatorOf in UnconditionalValidators(rule))
            {
                if (checksAsSent && !isEach && validatorOf is INotNullValidator or INotEmptyValidator)
                {
                    property.Type &= ~JsonSchemaType.Null;
                    (schema.Required ??= new HashSet<string>()).Add(name);
                    MarkNeverNull(schema, name);
                }
                Describe(target, validatorOf);
            }
        }
    }

    /// <summary>The validator's rules on each parameter named like one of its properties (a query taken as a record and validated whole).</summary>
    public static void DescribeParameters(IEnumerable<IOpenApiParameter> parameters, IValidator validator)
    {
        var rules = UnconditionalRules(validator).Where(rule => !IsCollectionRule(rule)).ToList();
        foreach (var parameter in parameters)
        {
            if (parameter.Schema is not OpenApiSchema schema) continue;
            foreach (var rule in rules.Where(rule => string.Equals(rule.PropertyName, parameter.Name, StringComparison.OrdinalIgnoreCase)))
            foreach (var validatorOf in UnconditionalValidators(rule))
                Describe(schema, validatorOf);
        }
    }

    /// <summary>
    /// Names the properties of an object schema that a validator checking it as sent never lets be null
    /// (<see cref="TakeNeverNull"/>): a nullable object is wrapped as `oneOf: [null, the object]` only after
    /// the schema transformers ran, so the document's last pass unwraps it.
    /// </summary>
    private const string NeverNullMark = "x-gpu-billing-never-null";

    private static void MarkNeverNull(OpenApiSchema schema, string name)
    {
        schema.Extensions ??= new Dictionary<string, IOpenApiExtension>();
        var names = schema.Extensions.TryGetValue(NeverNullMark, out var mark) && mark is JsonNodeExtension { Node: JsonArray marked } ? marked : [];
        names.Add(name);
        schema.Extensions[NeverNullMark] = new JsonNodeExtension(names);
    }

    /// <summary>The properties <see cref="MarkNeverNull"/> named, the mark removed: it is not for the document.</summary>
    public static IReadOnlySet<string> TakeNeverNull(OpenApiSchema schema)
    {
        if (schema.Extensions?.Remove(NeverNullMark, out var mark) is not true || mark is not JsonNodeExtension { Node: JsonArray names }) return new HashSet<string>();
        return names.Select(n => (string)n!).ToHashSet();
    }

    private static IEnumerable<IValidationRule> UnconditionalRules(IValidator validator) =>
        validator.CreateDescriptor().Rules.Where(rule => !rule.HasCondition && !rule.HasAsyncCondition && rule.PropertyName is not null);

    private static IEnumerable<IPropertyValidator> UnconditionalValidators(IValidationRule rule) =>
        rule.Components.Where(c => !c.HasCondition && !c.HasAsyncCondition).Select(c => c.Validator);

    private static bool IsCollectionRule(IValidationRule rule) =>
        rule.GetType().GetInterfaces().Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(ICollectionRule<,>));

    private static void Describe(OpenApiSchema schema, IPropertyValidator validator)
    {
        var isText = schema.Type?.HasFlag(JsonSchemaType.String) is true;
        var isNumber = schema.Type is { } type && (type.HasFlag(JsonSchemaType.Integer) || type.HasFlag(JsonSchemaType.Number));
        switch (validator)
        {
            case IAllowedValues { CommaSeparated: false } allowed:
                schema.Enum = [.. allowed.Values.Select(v => (JsonNode)JsonValue.Create(v)!)];
                if (schema.Type?.HasFlag(JsonSchemaType.Null) is true) schema.Enum.Add(null!);
                break;
            case IAllowedValues allowed:
                var one = $"({string.Join('|', allowed.Values.Select(System.Text.RegularExpressions.Regex.Escape))})";
                schema.Pattern = $"^ *{one} *(, *{one} *)*$";
                schema.Description = Sentence(schema.Description, $"A comma-separated list of: {string.Join(", ", allowed.Values)}.");
                break;
            case IIdValidator id when isText:
                schema.Pattern = id.Rule.Pattern;
                schema.MaxLength = id.Rule.MaxLength;
                schema.MinLength = Math.Max(schema.MinLength ?? 0, 1);
                break;
            case INotEmptyValidator when isText:
                schema.MinLength = Math.Max(schema.MinLength ?? 0, 1);
                break;
            case INotEmptyValidator when schema.Type?.HasFlag(JsonSchemaType.Array) is true:
                schema.MinItems = Math.Max(schema.MinItems ?? 0, 1);
                break;
            case ILengthValidator length when isText:
                if (length.Min > 0) schema.MinLength = length.Min;
                if (length.Max > 0) schema.MaxLength = length.Max;
                break;
            case IRegularExpressionValidator regex when isText:
                schema.Pattern = regex.Expression;
                break;
            case IBetweenValidator between:
                var exclusive = validator is not IInclusiveBetweenValidator;
                Bound(schema, isNumber, between.From, exclusive ? "more than" : "at least", exclusive ? Limit.ExclusiveMinimum : Limit.Minimum);
                Bound(schema, isNumber, between.To, exclusive ? "less than" : "at most", exclusive ? Limit.ExclusiveMaximum : Limit.Maximum);
                break;
            case IComparisonValidator { ValueToCompare: { } value } comparison:
                switch (comparison.Comparison)
                {
                    case Comparison.GreaterThan: Bound(schema, isNumber, value, "more than", Limit.ExclusiveMinimum); break;
                    case Comparison.GreaterThanOrEqual: Bound(schema, isNumber, value, "at least", Limit.Minimum); break;
                    case Comparison.LessThan: Bound(schema, isNumber, value, "less than", Limit.ExclusiveMaximum); break;
                    case Comparison.LessThanOrEqual: Bound(schema, isNumber, value, "at most", Limit.Maximum); break;
                }
                break;
        }
    }

    private enum Limit { Minimum, ExclusiveMinimum, Maximum, ExclusiveMaximum }

    /// <summary>
    /// A number's bound as the keyword. A decimal's too, on its string (<see cref="DecimalText"/>): the
    /// keyword bounds the number the text denotes, which a client's generator and the tests' walks read;
    /// a plain JSON Schema validator skips bounds on a string, so the description says it in words as well.
    /// </summary>
    private static void Bound(OpenApiSchema schema, bool isNumber, object value, string words, Limit limit)
    {
        if (value is TimeSpan or DateTimeOffset or DateTime) return;
        var text = Convert.ToString(value, CultureInfo.InvariantCulture)!;
        if (!isNumber)
        {
            schema.Description = Sentence(schema.Description, $"{char.ToUpperInvariant(words[0])}{words[1..]} {text}.");
            if (value is not decimal) return;
        }
        switch (limit)
        {
            case Limit.Minimum: schema.Minimum = text; break;
            case Limit.ExclusiveMinimum: schema.ExclusiveMinimum = text; break;
            case Limit.Maximum: schema.Maximum = text; break;
            case Limit.ExclusiveMaximum: schema.ExclusiveMaximum = text; break;
        }
    }

    private static string Sentence(string? description, string sentence) =>
        description is { Length: > 0 } && !description.Contains(sentence, StringComparison.Ordinal) ? $"{description} {sentence}" : description is { Length: > 0 } ? description : sentence;
}
