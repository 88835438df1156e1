import SondeCLI

await Sonde.runFromCommandLine()
