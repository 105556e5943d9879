using System.Text.Json.Serialization;
using Fisikal.Sync.Core.Sources.Json;

namespace Fisikal.Sync.Core.Sources.PerfectGymNext;

/// <summary>
/// The fields of the Open API's <c>Customer</c> that a sync reads; others are ignored. The id, status and the
/// fields written to <c>Clients</c> must read, or the record is quarantined naming the field; the creation time is
/// only kept for reference, so a value that can't be read leaves it empty.
/// </summary>
public sealed record PerfectGymNextCustomer
{
    public required long Id { get; init; }

    public string? FirstName { get; init; }

    public string? LastName { get; init; }

    public DateOnly? DateOfBirth { get; init; }

    public string? Email { get; init; }

    /// <summary>MEMBER, PROSPECT, FORMER_MEMBER, or a value newer than this code: kept as it comes.</summary>
    public required string Status { get; init; }

    public long? StudioId { get; init; }

    /// <summary>Documented in Java's zoned form, <c>2022-06-15T23:59:59.999+02:00[Europe/Berlin]</c>; read as UTC.</summary>
    [JsonConverter(typeof(UnreadableAsNull<DateTimeOffset?>))]
    public DateTimeOffset? CreatedDateTime { get; init; }
}
