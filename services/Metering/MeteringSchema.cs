namespace Metering;

/// <summary>Metering owns this PostgreSQL schema; no other service reads it.</summary>
public static class MeteringSchema
{
    public const string Name = "metering";
}
