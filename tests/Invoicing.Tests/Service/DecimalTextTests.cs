using System.Text.Json;
using System.Text.RegularExpressions;
using GpuBilling.ServiceDefaults;

namespace Invoicing.Tests.Service;

/// <summary>The one converter every service's HTTP JSON writes and reads decimals with.</summary>
public class DecimalTextTests
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new DecimalText() } };

    [Theory]
    [InlineData("12.50", "\"12.50\"")]
    [InlineData("0", "\"0\"")]
    [InlineData("-0.001", "\"-0.001\"")]
    [InlineData("0.0000000000000000000000000001", "\"0.0000000000000000000000000001\"")]
    [InlineData("-79228162514264337593543950335", "\"-79228162514264337593543950335\"")]
    [InlineData("-7.9228162514264337593543950335", "\"-7.9228162514264337593543950335\"")]
    public void A_decimal_is_written_as_its_exact_text_scale_kept_and_read_back_equal_with_its_scale(string value, string written)
    {
        var amount = decimal.Parse(value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(written, JsonSerializer.Serialize(amount, Json));
        Assert.Matches(new Regex(DecimalText.Pattern), written.Trim('"'));
        Assert.Equal(value, JsonSerializer.Deserialize<decimal>(written, Json).ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Theory]
    [InlineData("12.50", "12.50")]
    [InlineData("\"12.50\"", "12.50")]
    [InlineData("-3", "-3")]
    [InlineData("\"1e2\"", "100")]
    public void A_decimal_is_read_from_a_number_or_a_string(string json, string expected) =>
        Assert.Equal(expected, JsonSerializer.Deserialize<decimal>(json, Json).ToString(System.Globalization.CultureInfo.InvariantCulture));

    [Fact]
    public void A_missing_decimal_stays_null_and_is_written_as_null() =>
        Assert.Equal(("null", (decimal?)null), (JsonSerializer.Serialize((decimal?)null, Json), JsonSerializer.Deserialize<decimal?>("null", Json)));

    [Theory]
    [InlineData("\"abc\"")]
    [InlineData("\"1,00\"")]
    [InlineData("\" 1\"")]
    [InlineData("\"\"")]
    [InlineData("true")]
    [InlineData("1e40")]
    public void Anything_else_fails_naming_the_path(string json)
    {
        var failure = Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<Dictionary<string, decimal>>($$"""{"amount":{{json}}}""", Json));
        Assert.Equal("$.amount", failure.Path);
    }
}
