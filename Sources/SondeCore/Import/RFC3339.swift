/// RFC 3339 timestamps with nanoseconds, as Go writes them (`time.RFC3339Nano`, used by k6's and
/// vegeta's JSON): `2017-05-09T14:34:45.625742514+02:00` or `...Z`. Parsed by hand because
/// Foundation's ISO 8601 formatter keeps only milliseconds. One parser for imports and for the
/// CLI's `--from`/`--to`.
public enum RFC3339 {
    /// Nanoseconds since the Unix epoch, or nil when `text` is not such a timestamp. Nanoseconds
    /// since 1970 fit in Int64 between the years 1677 and 2262: a time outside is nil, or with
    /// `clamping` (a selection bound such as `--to 2999-01-01`) `Int64.min`/`.max`. With
    /// `dateAlone`, `2026-12-01` is midnight UTC of that day.
    public static func nanoseconds(_ text: String, clamping: Bool = false, dateAlone: Bool = false) -> Int64? {
        let chars = Array(text.utf8)
        if dateAlone, chars.count == 10 { return nanoseconds(text + "T00:00:00Z", clamping: clamping) }
        guard chars.count >= 20 else { return nil }
        func number(_ from: Int, _ count: Int) -> Int? {
            guard from + count <= chars.count else { return nil }
            var value = 0
            for byte in chars[from..<from + count] {
                guard (48...57).contains(byte) else { return nil }
                value = value * 10 + Int(byte - 48)
            }
            return value
        }
        guard let year = number(0, 4), chars[4] == UInt8(ascii: "-"), let month = number(5, 2), chars[7] == UInt8(ascii: "-"),
              let day = number(8, 2), chars[10] == UInt8(ascii: "T") || chars[10] == UInt8(ascii: "t") || chars[10] == UInt8(ascii: " "),
              let hour = number(11, 2), chars[13] == UInt8(ascii: ":"), let minute = number(14, 2),
              chars[16] == UInt8(ascii: ":"), let second = number(17, 2),
              (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second < 61 else { return nil }
        var index = 19
        var fractionNs: Int64 = 0
        if index < chars.count, chars[index] == UInt8(ascii: ".") {
            index += 1
            var digits = 0
            while index < chars.count, (48...57).contains(chars[index]) {
                if digits < 9 { fractionNs = fractionNs * 10 + Int64(chars[index] - 48) }
                digits += 1
                index += 1
            }
            guard digits > 0 else { return nil }
            for _ in digits..<max(9, digits) { fractionNs *= 10 }
        }
        guard index < chars.count else { return nil }
        var offsetSeconds = 0
        if chars[index] == UInt8(ascii: "Z") || chars[index] == UInt8(ascii: "z") {
            index += 1
        } else if chars[index] == UInt8(ascii: "+") || chars[index] == UInt8(ascii: "-") {
            guard let hours = number(index + 1, 2), index + 3 < chars.count, chars[index + 3] == UInt8(ascii: ":"),
                  let minutes = number(index + 4, 2) else { return nil }
            offsetSeconds = (hours * 3600 + minutes * 60) * (chars[index] == UInt8(ascii: "-") ? -1 : 1)
            index += 6
        } else {
            return nil
        }
        guard index == chars.count else { return nil }
        let days = CivilTime.days(year: Int64(year), month: month, day: day)
        let seconds = days * 86_400 + Int64(hour * 3600 + minute * 60 + second - offsetSeconds)
        let (scaled, overflowed) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        let (ns, overflowedAgain) = scaled.addingReportingOverflow(fractionNs)
        guard overflowed || overflowedAgain else { return ns }
        return clamping ? (seconds < 0 ? .min : .max) : nil
    }
}
