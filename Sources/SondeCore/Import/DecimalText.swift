/// Exact conversion of decimal text to integers in a smaller unit, so that a CSV value such as
/// hey's `0.0012` seconds becomes exactly 1200 µs (through a `Double` it could be 1199).
enum DecimalText {
    /// `text` (`[-]digits[.digits]`) times 10^`shift`, rounded half away from zero; nil when
    /// the text is not such a number or the result does not fit.
    static func scaled(_ text: Substring, shift: Int) -> Int64? {
        var body = text[...]
        let negative = body.first == "-"
        if negative { body = body.dropFirst() }
        let parts = body.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        guard let whole = parts.first, !whole.isEmpty || parts.count == 2 else { return nil }
        let fraction = parts.count == 2 ? parts[1] : ""
        guard !(whole.isEmpty && fraction.isEmpty),
              whole.allSatisfy(\.isASCII), whole.allSatisfy(\.isNumber),
              fraction.allSatisfy(\.isASCII), fraction.allSatisfy(\.isNumber) else { return nil }
        var value: Int64 = 0
        for digit in whole + fraction.prefix(shift) {
            let (times, o1) = value.multipliedReportingOverflow(by: 10)
            let (sum, o2) = times.addingReportingOverflow(Int64(digit.wholeNumberValue!))
            guard !o1, !o2 else { return nil }
            value = sum
        }
        for _ in fraction.count..<max(shift, fraction.count) {
            let (times, overflow) = value.multipliedReportingOverflow(by: 10)
            guard !overflow else { return nil }
            value = times
        }
        if fraction.count > shift, let next = fraction.dropFirst(shift).first?.wholeNumberValue, next >= 5 {
            value += 1
        }
        return negative ? -value : value
    }
}
