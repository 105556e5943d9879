using Microsoft.Extensions.Options;

namespace Fisikal.Sync.Functions.Middleware;

/// <summary>Checked at start-up (<c>ValidateOnStart</c>): the message names the setting, never its value.</summary>
public sealed class AdminOptionsValidation : IValidateOptions<AdminOptions>
{
    public ValidateOptionsResult Validate(string? name, AdminOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.SessionLifetime > TimeSpan.Zero
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail("Admin__SessionLifetime must be a positive time span (e.g. 12:00:00).");
    }
}
