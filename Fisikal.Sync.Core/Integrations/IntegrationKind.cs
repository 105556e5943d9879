namespace Fisikal.Sync.Core.Integrations;

public enum IntegrationKind
{
    PerfectGymNext,
    PerfectGymClassic,
    Gladstone,
}
