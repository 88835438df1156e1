import Foundation
import SondeCLI

// A full disk (or a file-size limit) must surface as a write error, not kill the process.
signal(SIGXFSZ, SIG_IGN)
await Sonde.runFromCommandLine()
