/// One attempt of a probe against one provider, as measured. Phase marks are libcurl's
/// cumulative times since the attempt started, in microseconds, `nil` where the phase did not
/// happen (no DNS lookup for a literal address, no TLS on plain HTTP, no connect on a reused
/// connection, no first byte on a refused connection).
public struct Sample: Sendable, Equatable {
    /// The store's id of the provider probed.
    public var providerID: Int64
    public var probe: ProbeKind
    /// Position in the provider's schedule, from 0.
    public var sequence: Int64
    /// When the schedule meant to send, nanoseconds since the Unix epoch.
    public var intendedNs: Int64
    /// When the attempt actually started, nanoseconds since the Unix epoch.
    public var startedNs: Int64
    public var dnsUs: Int64?
    public var connectUs: Int64?
    public var tlsUs: Int64?
    public var ttfbUs: Int64?
    public var totalUs: Int64?
    /// Body bytes received.
    public var bytes: Int64
    public var httpStatus: Int?
    /// `nil` for a successful attempt.
    public var errorClass: ErrorClass?
    /// Load probe: latency from the intended send time to the last byte (coordinated-omission
    /// corrected, as wrk2 does); `totalUs` is timed from the actual send.
    public var correctedUs: Int64? = nil
    /// Bandwidth probe: bytes of the generated request body sent; `nil` for a download.
    public var uploadBytes: Int64? = nil

    public init(providerID: Int64, probe: ProbeKind, sequence: Int64, intendedNs: Int64, startedNs: Int64,
                dnsUs: Int64? = nil, connectUs: Int64? = nil, tlsUs: Int64? = nil, ttfbUs: Int64? = nil,
                totalUs: Int64? = nil, bytes: Int64 = 0, httpStatus: Int? = nil, errorClass: ErrorClass? = nil) {
        self.providerID = providerID
        self.probe = probe
        self.sequence = sequence
        self.intendedNs = intendedNs
        self.startedNs = startedNs
        self.dnsUs = dnsUs
        self.connectUs = connectUs
        self.tlsUs = tlsUs
        self.ttfbUs = ttfbUs
        self.totalUs = totalUs
        self.bytes = bytes
        self.httpStatus = httpStatus
        self.errorClass = errorClass
    }

    /// Whether the attempt counts towards latency statistics.
    public var succeeded: Bool { errorClass == nil && totalUs != nil }
}

/// Where probes put their samples. Implementations must be cheap to call from a probe's loop:
/// buffer, and do the slow work elsewhere.
public protocol SampleSink: Sendable {
    func record(_ sample: Sample)
}
