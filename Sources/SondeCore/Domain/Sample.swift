/// One attempt of a probe against one provider, as measured. Phase marks are libcurl's
/// cumulative times since the attempt started, in microseconds, `nil` where the phase did not
/// happen (no DNS lookup for a literal address, no TLS on plain HTTP, no connect on a reused
/// connection, no first byte on a refused connection).
public struct Sample: Sendable, Equatable {
    /// The store's id of the provider probed.
    public var providerID: Int64
    /// Position in the provider's schedule, from 0.
    public var sequence: Int64
    /// When the schedule meant to send, nanoseconds since the Unix epoch.
    public var intendedNs: Int64
    /// When the attempt actually started, nanoseconds since the Unix epoch.
    public var startedNs: Int64
    /// Body bytes received.
    public var bytes: Int64
    // Optional integers are stored with a sentinel (`Self.none`) instead of as `Int64?`, which
    // pads to 16 bytes: a sample takes 104 bytes instead of 184, and a report of 4 × 1,000,000
    // samples holds 300 MB less (issue 17). Int64.min µs or bytes cannot be measured.
    private var dns: Int64
    private var connect: Int64
    private var tls: Int64
    private var ttfb: Int64
    private var total: Int64
    private var corrected: Int64 = Sample.none
    private var upload: Int64 = Sample.none
    private var status: Int32
    public var probe: ProbeKind
    /// `nil` for a successful attempt.
    public var errorClass: ErrorClass?

    /// The stored stand-in for `nil`.
    private static let none = Int64.min

    @inline(__always) private static func load(_ value: Int64) -> Int64? { value == none ? nil : value }

    public var dnsUs: Int64? {
        get { Self.load(dns) }
        set { dns = newValue ?? Self.none }
    }
    public var connectUs: Int64? {
        get { Self.load(connect) }
        set { connect = newValue ?? Self.none }
    }
    public var tlsUs: Int64? {
        get { Self.load(tls) }
        set { tls = newValue ?? Self.none }
    }
    public var ttfbUs: Int64? {
        get { Self.load(ttfb) }
        set { ttfb = newValue ?? Self.none }
    }
    public var totalUs: Int64? {
        get { Self.load(total) }
        set { total = newValue ?? Self.none }
    }
    /// HTTP status (three digits; kept in 32 bits).
    public var httpStatus: Int? {
        get { status == Int32.min ? nil : Int(status) }
        set { status = newValue.map { Int32(clamping: $0) } ?? Int32.min }
    }
    /// Load probe: latency from the intended send time to the last byte (coordinated-omission
    /// corrected, as wrk2 does); `totalUs` is timed from the actual send.
    public var correctedUs: Int64? {
        get { Self.load(corrected) }
        set { corrected = newValue ?? Self.none }
    }
    /// Bandwidth probe: bytes of the generated request body sent; `nil` for a download.
    public var uploadBytes: Int64? {
        get { Self.load(upload) }
        set { upload = newValue ?? Self.none }
    }

    public init(providerID: Int64, probe: ProbeKind, sequence: Int64, intendedNs: Int64, startedNs: Int64,
                dnsUs: Int64? = nil, connectUs: Int64? = nil, tlsUs: Int64? = nil, ttfbUs: Int64? = nil,
                totalUs: Int64? = nil, bytes: Int64 = 0, httpStatus: Int? = nil, errorClass: ErrorClass? = nil) {
        self.providerID = providerID
        self.probe = probe
        self.sequence = sequence
        self.intendedNs = intendedNs
        self.startedNs = startedNs
        dns = dnsUs ?? Self.none
        connect = connectUs ?? Self.none
        tls = tlsUs ?? Self.none
        ttfb = ttfbUs ?? Self.none
        total = totalUs ?? Self.none
        self.bytes = bytes
        status = httpStatus.map { Int32(clamping: $0) } ?? Int32.min
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
