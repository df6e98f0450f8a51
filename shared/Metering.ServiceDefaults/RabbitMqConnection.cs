using MassTransit;
using Microsoft.Extensions.Configuration;

namespace Metering.ServiceDefaults;

/// <summary>The `RabbitMq` configuration section every service and the agent read, with the same names everywhere.</summary>
public sealed class RabbitMqSettings
{
    public string Host { get; set; } = "127.0.0.1";
    public ushort Port { get; set; } = 5672;
    public string VirtualHost { get; set; } = "/";
    public string Username { get; set; } = "guest";
    public string Password { get; set; } = "guest";
}

public static class RabbitMqConnection
{
    public static RabbitMqSettings RabbitMqSettings(this IConfiguration configuration) =>
        configuration.GetSection("RabbitMq").Get<RabbitMqSettings>() ?? new RabbitMqSettings();

    public static void ConfigureRabbitMq(this IRabbitMqBusFactoryConfigurator rabbit, IConfiguration configuration)
    {
        var settings = configuration.RabbitMqSettings();
        rabbit.Host(settings.Host, settings.Port, settings.VirtualHost, host =>
        {
            host.Username(settings.Username);
            host.Password(settings.Password);
        });
    }
}
