namespace GpuBilling.Money;

/// <summary>An ISO 4217 currency and its minor unit: USD has cents (2), JPY none (0), BHD fils (3).</summary>
public sealed record Currency(string Code, int MinorUnits)
{
    private static readonly Dictionary<string, Currency> Known = new Currency[]
    {
        new("USD", 2), new("EUR", 2), new("GBP", 2), new("CHF", 2), new("CAD", 2), new("AUD", 2),
        new("SGD", 2), new("INR", 2), new("CNY", 2), new("SEK", 2), new("NOK", 2), new("DKK", 2),
        new("JPY", 0), new("KRW", 0), new("CLP", 0), new("ISK", 0),
        new("BHD", 3), new("KWD", 3), new("OMR", 3), new("JOD", 3), new("TND", 3),
    }.ToDictionary(c => c.Code, StringComparer.Ordinal);

    public static Currency Of(string code) =>
        TryOf(code, out var currency) ? currency : throw new ArgumentException($"'{code}' is not a supported ISO 4217 currency.", nameof(code));

    public static bool TryOf(string? code, out Currency currency)
    {
        currency = null!;
        return code is not null && Known.TryGetValue(code, out currency!);
    }

    public static IEnumerable<string> Codes => Known.Keys.Order(StringComparer.Ordinal);

    public override string ToString() => Code;
}
