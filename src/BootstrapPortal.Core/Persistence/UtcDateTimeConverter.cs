using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace BootstrapPortal.Core.Persistence;

/// <summary>
/// Every stored instant is UTC: written as UTC (PostgreSQL <c>timestamp with time zone</c>, SQLite ISO text that sorts as
/// time) and read back with <see cref="DateTimeKind.Utc"/>, whatever the provider returns.
/// </summary>
public sealed class UtcDateTimeConverter() : ValueConverter<DateTime, DateTime>(
    v => v.Kind == DateTimeKind.Utc ? v : DateTime.SpecifyKind(v.ToUniversalTime(), DateTimeKind.Utc),
    v => DateTime.SpecifyKind(v, DateTimeKind.Utc));
