/// The parts of an HTTP attempt, derived from libcurl's cumulative marks. Only `total` and the
/// marks are stored; phase durations are always recomputed here.
public enum Phase: String, Sendable, Codable, CaseIterable {
    /// Name resolution.
    case dns
    /// TCP handshake, after DNS.
    case connect
    /// TLS handshake, after the TCP connect.
    case tls
    /// From the connection being ready to the first response byte: server time plus one round trip.
    case firstByte = "first_byte"
    /// From the first to the last response byte.
    case transfer
    /// The whole attempt.
    case total

    /// The phase's duration in microseconds for a sample, or `nil` where it did not happen.
    public func durationUs(of sample: Sample) -> Int64? {
        switch self {
        case .dns: return sample.dnsUs
        case .connect:
            guard let connect = sample.connectUs else { return nil }
            return connect - (sample.dnsUs ?? 0)
        case .tls:
            guard let tls = sample.tlsUs, let connect = sample.connectUs else { return nil }
            return tls - connect
        case .firstByte:
            guard let ttfb = sample.ttfbUs else { return nil }
            return ttfb - (sample.tlsUs ?? sample.connectUs ?? sample.dnsUs ?? 0)
        case .transfer:
            guard let ttfb = sample.ttfbUs, let total = sample.totalUs else { return nil }
            return total - ttfb
        case .total: return sample.totalUs
        }
    }
}
