/// Exact conversion of decimal text to integers in a smaller unit, so that a CSV value such as
/// hey's `0.0012` seconds becomes exactly 1200 µs (through a `Double` it could be 1199).
enum DecimalText {
    /// `text` (`[-]digits[.digits]`, ASCII) times 10^`shift`, rounded half away from zero; nil
    /// when the text is not such a number or the result does not fit in an Int64.
    static func scaled(_ text: Substring, shift: Int) -> Int64? {
        var value: Int64 = 0
        var negative = false
        var seenPoint = false
        var digits = 0
        var fractionDigits = 0
        var roundUp = false
        for (index, byte) in text.utf8.enumerated() {
            switch byte {
            case UInt8(ascii: "-") where index == 0:
                negative = true
            case UInt8(ascii: "."):
                guard !seenPoint else { return nil }
                seenPoint = true
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                digits += 1
                if seenPoint {
                    fractionDigits += 1
                    if fractionDigits > shift {
                        if fractionDigits == shift + 1 { roundUp = byte >= UInt8(ascii: "5") }
                        continue
                    }
                }
                let (times, o1) = value.multipliedReportingOverflow(by: 10)
                let (sum, o2) = times.addingReportingOverflow(Int64(byte - UInt8(ascii: "0")))
                guard !o1, !o2 else { return nil }
                value = sum
            default:
                return nil
            }
        }
        guard digits > 0 else { return nil }
        for _ in min(fractionDigits, shift)..<shift {
            let (times, overflow) = value.multipliedReportingOverflow(by: 10)
            guard !overflow else { return nil }
            value = times
        }
        if roundUp { value += 1 }
        return negative ? -value : value
    }
}
