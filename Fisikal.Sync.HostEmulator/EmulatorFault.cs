namespace Fisikal.Sync.HostEmulator;

/// <summary>
/// What ends the emulator with an error: a trigger that can't be served (a schedule that does not parse, a missing
/// connection...). Reported once; the emulator then stops and exits non-zero rather than run without the trigger.
/// </summary>
public sealed class EmulatorFault
{
    private readonly TaskCompletionSource<Exception> _fault = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes with the first fatal error.</summary>
    public Task<Exception> Reported => _fault.Task;

    public void Report(Exception error) => _fault.TrySetResult(error);
}
