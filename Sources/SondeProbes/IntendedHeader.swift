import Foundation

/// An opt-in request header carrying each latency attempt's intended send time (nanoseconds since
/// the Unix epoch, 19 digits), so that a server can measure how late attempts reach it
/// (Benchmarks/peers/latency-pacing.sh does). Off unless the environment variable
/// `SONDE_INTENDED_HEADER` names the header: a benchmark facility, never sent to a provider
/// otherwise.
enum IntendedHeader {
    /// The header's name from `SONDE_INTENDED_HEADER`, or nil when unset or not a valid name.
    static func name(environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        guard let name = environment["SONDE_INTENDED_HEADER"], !name.isEmpty,
              name.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F && $0 != UInt8(ascii: ":") }) else { return nil }
        return name
    }

    /// Digits of the value: nanoseconds since the epoch stay at 19 digits until the year 2286.
    static let digits = 19

    /// Writes `value` as `digits` zero-padded decimal digits at `slot`, in place.
    static func write(_ value: Int64, into slot: UnsafeMutablePointer<CChar>) {
        var rest = max(0, value)
        for position in stride(from: digits - 1, through: 0, by: -1) {
            slot[position] = CChar(UInt8(ascii: "0") + UInt8(rest % 10))
            rest /= 10
        }
    }
}
