using ComputeGate.Cli;
using Spectre.Console;

return new App(Console.Out, Console.Error, AnsiConsole.Console, TimeProvider.System).Run(args);
