using System.Globalization;
using ComputeGate.Cli;
using ComputeGate.Server;
using Spectre.Console;

// ICU is on (Directory.Build.props) for country names; what we print must not depend on the machine's locale.
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.DefaultThreadCurrentUICulture = CultureInfo.InvariantCulture;

return new App(Console.Out, Console.Error, AnsiConsole.Console, TimeProvider.System, batchHeapLimit: true, serve: Serve).Run(args);

static int Serve(ServeArguments a, TextWriter output) => ServerApp.Run(
    new ServerOptions { Store = a.Store, Urls = a.Urls, OrgTypes = a.OrgTypes, MaxUploadBytes = a.MaxUploadBytes, Clock = a.Clock }, output);
