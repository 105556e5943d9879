using System.Globalization;

namespace Fisikal.Sync.LocalRun;

/// <summary>One line that redraws in a terminal, and prints only changes when the output is a file or pipe.</summary>
public sealed class ProgressBar(string label, int total)
{
    private const int Width = 30;
    private string? _last;

    public void Show(int done, string detail)
    {
        var fraction = total == 0 ? 1 : Math.Clamp(done / (double)total, 0, 1);
        var filled = (int)Math.Round(fraction * Width);
        var line = string.Create(CultureInfo.InvariantCulture, $"{label} [{new string('#', filled)}{new string('-', Width - filled)}] {done}/{total} {detail}");
        if (line == _last)
        {
            return;
        }

        _last = line;
        if (Console.IsOutputRedirected)
        {
            Console.WriteLine(line);
        }
        else
        {
            Console.Write("\r" + line.PadRight(Console.WindowWidth > 1 ? Console.WindowWidth - 1 : line.Length));
        }
    }

    public void Finish()
    {
        if (!Console.IsOutputRedirected)
        {
            Console.WriteLine();
        }
    }
}
