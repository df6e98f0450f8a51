using System.Globalization;
using System.Text;

namespace GpuBilling.ServiceDefaults;

/// <summary>
/// CSV as RFC 4180 writes it (comma, CRLF, a field quoted only when it must be), for the exports a
/// finance team opens in a spreadsheet: a text field that starts like a formula is prefixed with
/// an apostrophe so the spreadsheet shows it rather than runs it.
/// </summary>
public static class Csv
{
    public const string ContentType = "text/csv; charset=utf-8";

    /// <summary>What `format` admits where a report comes as JSON or as a CSV file.</summary>
    public static readonly IReadOnlyList<string> ReportFormats = ["json", "csv"];

    public static StringBuilder Row(this StringBuilder csv, IEnumerable<string> fields) =>
        csv.AppendJoin(',', fields.Select(Field)).Append("\r\n");

    /// <summary>Decimals and integers exactly as they are, invariant, never with an exponent or a thousands separator.</summary>
    public static string Number(decimal value) => value.ToString(CultureInfo.InvariantCulture);

    public static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Field(string field)
    {
        if (field.Length > 0 && field[0] is '=' or '+' or '-' or '@' or '\t' or '\r'
            && !decimal.TryParse(field, NumberStyles.Number, CultureInfo.InvariantCulture, out _))
            field = "'" + field;
        return field.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? $"\"{field.Replace("\"", "\"\"")}\"" : field;
    }
}
