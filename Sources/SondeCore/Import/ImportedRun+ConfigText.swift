extension ImportedRun {
    /// The text stored as the run's configuration: not a sonde configuration but a record of the
    /// import (format, file, content hash, what the file said and what its format lacks), as
    /// YAML so that `sqlite3` users and later tools can read it.
    public func configText(fileName: String, contentSHA256: String, provider: Provider) -> String {
        func quoted(_ text: String) -> String {
            var out = "\""
            for scalar in text.unicodeScalars {
                switch scalar {
                case "\"": out += "\\\""
                case "\\": out += "\\\\"
                case "\n": out += "\\n"
                case "\t": out += "\\t"
                default:
                    if scalar.value < 0x20 || scalar.value == 0x7F {
                        out += "\\x" + (scalar.value < 0x10 ? "0" : "") + String(scalar.value, radix: 16)
                    } else {
                        out.unicodeScalars.append(scalar)
                    }
                }
            }
            return out + "\""
        }
        var lines = [
            "# Imported with `sonde import`: a record of the import, not a sonde run configuration.",
            "import:",
            "  format: \(format.rawValue)",
            "  file: \(quoted(fileName))",
            "  sha256: \(contentSHA256)",
            "  probe: \(probe.rawValue)",
            "  samples: \(samples.count)",
            "  provider:",
            "    name: \(quoted(provider.name))",
            "    kind: \(provider.kind.rawValue)",
            "    region: \(quoted(provider.region))",
            "    endpoint: \(quoted(provider.endpoint))",
        ]
        lines.append("  notes:")
        lines += notes.map { "    - \(quoted($0))" }
        lines.append("  lacks:")
        lines += lacks.map { "    - \(quoted($0))" }
        return lines.joined(separator: "\n") + "\n"
    }
}
