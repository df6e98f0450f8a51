using System.Text.RegularExpressions;
using Metering.Usage;

namespace Metering.Tests.Usage;

/// <summary>The document's pattern for `from` and `to` and the parser that enforces the years agree at each edge.</summary>
public class UsageQueryDocumentTests
{
    [Theory]
    [InlineData("1969-12-31", false)]
    [InlineData("1970-01-01", true)]
    [InlineData("8999-12-31", true)]
    [InlineData("9000-01-01", false)]
    [InlineData("1970-01-01T00:15:00Z", true)]
    [InlineData("8999-12-31T23:45:00+05:30", true)]
    [InlineData("0001-01-01", false)]
    public void The_pattern_admits_exactly_the_years_the_parser_takes(string text, bool taken)
    {
        Assert.Equal(taken, UsageQuery.ParseInstant(text, TimeZoneInfo.Utc) is not null);
        Assert.Equal(taken, Regex.IsMatch(text, UsageQuery.InstantPattern));
    }
}
