import Foundation

/// The one number formatter of every report, verdict and gate message: fixed decimals, the C
/// locale, no "-0", and one spelling for values that are not numbers, so that two formats of the
/// same report never disagree on a cell.
public enum NumberFormat {
    /// Written for NaN (e.g. a ratio of two zero spreads), in every format.
    public static let notANumber = "n/a"

    /// `value` with `digits` decimals; NaN as `n/a`, infinities as `inf` and `-inf`.
    public static func fixed(_ value: Double, digits: Int) -> String {
        guard value.isFinite else { return value.isNaN ? notANumber : (value > 0 ? "inf" : "-inf") }
        // %f is locale-independent in Swift's String(format:) without a locale argument.
        let text = String(format: "%.\(digits)f", value)
        return text == "-0" || text.hasPrefix("-0.") && Double(text) == 0 ? String(text.dropFirst()) : text
    }

    /// Microseconds as milliseconds with `digits` decimals.
    public static func ms(_ microseconds: Double, digits: Int = 2) -> String {
        fixed(microseconds / 1000, digits: digits)
    }
}
