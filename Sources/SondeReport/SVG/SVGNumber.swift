/// Locale-free number text for SVG coordinates and axis labels, so the same data always gives
/// the same bytes (golden files) on any machine.
enum SVGNumber {
    /// A coordinate: one decimal, trailing ".0" dropped; non-finite values become 0 so that a
    /// degenerate input can never produce an unparseable attribute.
    static func coordinate(_ value: Double) -> String {
        guard value.isFinite else { return "0" }
        return trimmed(NumberFormatting.fixed(value, digits: 1))
    }

    /// A tick or value label: more decimals for small numbers, none for large ones.
    static func label(_ value: Double) -> String {
        let magnitude = abs(value)
        let digits = magnitude >= 100 ? 0 : magnitude >= 10 ? 1 : magnitude >= 1 ? 2 : 3
        return trimmed(NumberFormatting.fixed(value, digits: digits))
    }

    /// A value with a fixed number of decimals, for takeaways and tables.
    static func fixed(_ value: Double, _ digits: Int) -> String {
        NumberFormatting.fixed(value, digits: digits)
    }

    /// A ratio as "5.3x" (one decimal below 10, none above).
    static func times(_ value: Double) -> String {
        (value >= 10 ? NumberFormatting.fixed(value, digits: 0) : NumberFormatting.fixed(value, digits: 1)) + "x"
    }

    /// Milliseconds for sentences: "42.1 ms", "312 ms".
    static func ms(_ value: Double) -> String {
        (value >= 100 ? NumberFormatting.fixed(value, digits: 0) : NumberFormatting.fixed(value, digits: 1)) + " ms"
    }

    private static func trimmed(_ text: String) -> String {
        guard text.contains(".") else { return text }
        var out = Substring(text)
        while out.hasSuffix("0") { out = out.dropLast() }
        if out.hasSuffix(".") { out = out.dropLast() }
        return out == "-0" ? "0" : String(out)
    }
}
