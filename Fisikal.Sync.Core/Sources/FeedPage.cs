namespace Fisikal.Sync.Core.Sources;

/// <summary>
/// One page of a change feed. <see cref="Next"/> continues this pass now (null: caught up); <see cref="Checkpoint"/>
/// is where a later pass resumes once this page is written.
/// </summary>
public sealed record FeedPage<T>(IReadOnlyList<T> Items, IReadOnlyList<MalformedRecord> Malformed, string? Next, string Checkpoint);
