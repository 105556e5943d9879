namespace Fisikal.Sync.Functions.Hosting;

/// <summary>An HTTP-triggered function: its route under /api, its method and its auth level under the Functions host.</summary>
public sealed record HttpFunction(string Name, string Method, string Route, string AuthLevel);
