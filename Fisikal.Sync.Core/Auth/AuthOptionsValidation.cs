using Microsoft.Extensions.Options;

namespace Fisikal.Sync.Core.Auth;

/// <summary>The <c>Auth</c> settings, checked when the app starts (<c>ValidateOnStart</c>): the message names the setting, never its value.</summary>
public sealed class AuthOptionsValidation : IValidateOptions<AuthOptions>
{
    public ValidateOptionsResult Validate(string? name, AuthOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        try
        {
            options.Validate();
            return ValidateOptionsResult.Success;
        }
        catch (InvalidOperationException ex)
        {
            return ValidateOptionsResult.Fail(ex.Message);
        }
    }
}
