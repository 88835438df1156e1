import Foundation

/// What a name a user gives sonde may be: provider names, regions, jurisdictions, labels and
/// vantage names, from a configuration, a flag, a label template or a database being merged.
/// Names become database keys, terminal lines and report cells, so each must be:
/// - in Unicode Normalization Form C (two spellings of "é" must not be two providers);
/// - at most `maxScalars` Unicode scalars (a 10 MB name once made a 10 MB progress line);
/// - free of scalars of the general categories Cc (controls: NUL truncated names in SQLite),
///   Cf (format: U+202E RIGHT-TO-LEFT OVERRIDE reverses what a report shows), Zl, Zp (line
///   breaks), Co (private use) and Cn (unassigned).
/// Uniqueness is then checked on the stored form, case-sensitively, by whoever holds the set.
public enum NameRules {
    /// The longest name, in Unicode scalars.
    public static let maxScalars = 128

    /// Why `name` is not acceptable, as a phrase that follows "field: ", or nil when it is.
    /// The one validator every entry point calls (configuration, flags, merge, `import --provider`).
    public static func problem(_ name: String) -> String? {
        guard !name.isEmpty else { return "must not be empty" }
        // Counted with an early stop: a 10 MB name costs 129 steps, not 10 million.
        var count = 0
        for scalar in name.unicodeScalars {
            count += 1
            if count > maxScalars {
                return "is longer than \(maxScalars) Unicode scalars (\(name.unicodeScalars.count)): \(preview(name))"
            }
            if let category = forbiddenCategory(scalar) {
                let code = "U+" + String(scalar.value, radix: 16, uppercase: true).leftPadded(to: 4)
                return "contains \(code) (\(category)), which a name may not hold: \(preview(name))"
            }
        }
        // Compare scalars, not Strings: Swift's == treats canonically equivalent strings as equal.
        guard name.unicodeScalars.elementsEqual(name.precomposedStringWithCanonicalMapping.unicodeScalars) else {
            return "is not in Unicode NFC (write it precomposed: \(preview(name.precomposedStringWithCanonicalMapping))): "
                + preview(name)
        }
        return nil
    }

    /// The general category name when `scalar` may not appear in a name.
    static func forbiddenCategory(_ scalar: Unicode.Scalar) -> String? {
        switch scalar.properties.generalCategory {
        case .control: return "Cc, control"
        case .format: return "Cf, format"
        case .lineSeparator: return "Zl, line separator"
        case .paragraphSeparator: return "Zp, paragraph separator"
        case .privateUse: return "Co, private use"
        case .unassigned: return "Cn, unassigned"
        default: return nil
        }
    }

    /// The name quoted for a message: printable scalars as they are, others as `\u{…}`, at most
    /// 40 scalars (an error about a 10 MB name must not be 10 MB).
    public static func preview(_ name: String) -> String {
        var text = "'"
        for (index, scalar) in name.unicodeScalars.enumerated() {
            if index == 40 {
                text += "…"
                break
            }
            text += forbiddenCategory(scalar) == nil && scalar != "'" && scalar != "\\"
                ? String(scalar) : "\\u{\(String(scalar.value, radix: 16, uppercase: true))}"
        }
        return text + "'"
    }
}

private extension String {
    func leftPadded(to width: Int) -> String { String(repeating: "0", count: max(0, width - count)) + self }
}
