namespace Fisikal.Sync.Core.Sources;

/// <summary>Reads one member's recent visits from a source.</summary>
public interface IVisitSource
{
    Task<VisitRead> ReadVisitsAsync(string memberId, DateOnly fromDate, DateOnly toDate, CancellationToken cancellationToken = default);
}
