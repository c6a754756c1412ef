using System.Globalization;
using ComputeGate.Cli;
using Spectre.Console;

// ICU is on (Directory.Build.props) for country names; what we print must not depend on the machine's locale.
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.DefaultThreadCurrentUICulture = CultureInfo.InvariantCulture;

return new App(Console.Out, Console.Error, AnsiConsole.Console, TimeProvider.System, batchHeapLimit: true).Run(args);
