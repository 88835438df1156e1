/// One provider's samples of one probe kind, held column by column (`PackedIntColumn`) and read
/// back as `Sample` values: a collection of samples that costs ~33 bytes a latency attempt
/// instead of `Sample`'s 104 (issue 17: `sonde report` on one run of 4 × 1,000,000 samples must
/// stay under 300 MB). Lossless: every sample reads back equal to the one appended.
///
/// What makes it small: sequence numbers, intended send times on the schedule, the provider and
/// the probe follow `first + step·i` and take no space; the actual start is kept as its delay
/// after the intended time; phase marks, bytes and status fit in 32 bits; the error class is
/// a byte. A column whose values stop fitting is widened, never truncated.
public struct SampleColumns: Sendable, Equatable {
    private var providerID = PackedIntColumn()
    private var probe = PackedIntColumn()
    private var sequence = PackedIntColumn()
    private var intendedNs = PackedIntColumn()
    /// startedNs − intendedNs, wrapping (exact for any pair).
    private var startDelayNs = PackedIntColumn()
    private var dnsUs = PackedIntColumn()
    private var connectUs = PackedIntColumn()
    private var tlsUs = PackedIntColumn()
    private var ttfbUs = PackedIntColumn()
    private var totalUs = PackedIntColumn()
    private var bytes = PackedIntColumn()
    private var httpStatus = PackedIntColumn()
    private var correctedUs = PackedIntColumn()
    private var uploadBytes = PackedIntColumn()
    /// 0 for no error, else 1 + the class's index in `ErrorClass.allCases`.
    private var errorCodes: [UInt8] = []

    private static let probes = ProbeKind.allCases
    private static let errorClasses = ErrorClass.allCases

    public init() {}

    /// The samples of `samples`, in their order.
    public init<S: Sequence>(_ samples: S) where S.Element == Sample {
        self.init()
        reserveCapacity(samples.underestimatedCount)
        for sample in samples { append(sample) }
    }

    /// Bytes held per sample (for reports on memory; the columns' widths summed).
    public var bytesPerSample: Int {
        [providerID, probe, sequence, intendedNs, startDelayNs, dnsUs, connectUs, tlsUs, ttfbUs, totalUs, bytes,
         httpStatus, correctedUs, uploadBytes].reduce(1) { $0 + $1.bytesPerValue }
    }

    private static func code(_ value: Int64?) -> Int64 { value ?? PackedIntColumn.null }
    private static func value(_ code: Int64) -> Int64? { code == PackedIntColumn.null ? nil : code }

    /// Appends one sample.
    public mutating func append(_ sample: Sample) {
        providerID.append(sample.providerID)
        probe.append(Int64(Self.probes.firstIndex(of: sample.probe) ?? 0))
        sequence.append(sample.sequence)
        intendedNs.append(sample.intendedNs)
        startDelayNs.append(sample.startedNs &- sample.intendedNs)
        dnsUs.append(Self.code(sample.dnsUs))
        connectUs.append(Self.code(sample.connectUs))
        tlsUs.append(Self.code(sample.tlsUs))
        ttfbUs.append(Self.code(sample.ttfbUs))
        totalUs.append(Self.code(sample.totalUs))
        bytes.append(sample.bytes)
        httpStatus.append(Self.code(sample.httpStatus.map(Int64.init)))
        correctedUs.append(Self.code(sample.correctedUs))
        uploadBytes.append(Self.code(sample.uploadBytes))
        errorCodes.append(sample.errorClass.map { UInt8(Self.errorClasses.firstIndex(of: $0)! + 1) } ?? 0)
    }

    /// Makes room for `n` samples in the columns that hold a value per sample.
    public mutating func reserveCapacity(_ n: Int) {
        for path in [\Self.startDelayNs, \.dnsUs, \.connectUs, \.tlsUs, \.ttfbUs, \.totalUs, \.bytes, \.httpStatus] as [WritableKeyPath<Self, PackedIntColumn>] {
            self[keyPath: path].reserveCapacity(n)
        }
        errorCodes.reserveCapacity(n)
    }

    /// Whether sample `i` counts towards latency statistics (`Sample.succeeded`), read from
    /// two columns without building the sample.
    @inline(__always)
    public func succeeded(at i: Int) -> Bool { errorCodes[i] == 0 && totalUs[i] != PackedIntColumn.null }

    /// Sample `i`'s total time in µs (`Sample.totalUs`), without building the sample.
    @inline(__always)
    public func totalUs(at i: Int) -> Int64? { Self.value(totalUs[i]) }

    /// Sample `i`'s body bytes (`Sample.bytes`), without building the sample.
    @inline(__always)
    public func bytes(at i: Int) -> Int64 { bytes[i] }
}

extension SampleColumns: RandomAccessCollection, MutableCollection {
    public var startIndex: Int { 0 }
    public var endIndex: Int { errorCodes.count }

    public subscript(i: Int) -> Sample {
        get {
            let code = errorCodes[i]
            let intended = intendedNs[i]
            var sample = Sample(providerID: providerID[i], probe: Self.probes[Int(probe[i])], sequence: sequence[i],
                                intendedNs: intended, startedNs: intended &+ startDelayNs[i],
                                dnsUs: Self.value(dnsUs[i]), connectUs: Self.value(connectUs[i]), tlsUs: Self.value(tlsUs[i]),
                                ttfbUs: Self.value(ttfbUs[i]), totalUs: Self.value(totalUs[i]), bytes: bytes[i],
                                httpStatus: Self.value(httpStatus[i]).map { Int($0) },
                                errorClass: code == 0 ? nil : Self.errorClasses[Int(code) - 1])
            let corrected = correctedUs[i], upload = uploadBytes[i]
            if corrected != PackedIntColumn.null { sample.correctedUs = corrected }
            if upload != PackedIntColumn.null { sample.uploadBytes = upload }
            return sample
        }
        set {
            providerID.set(i, newValue.providerID)
            probe.set(i, Int64(Self.probes.firstIndex(of: newValue.probe) ?? 0))
            sequence.set(i, newValue.sequence)
            intendedNs.set(i, newValue.intendedNs)
            startDelayNs.set(i, newValue.startedNs &- newValue.intendedNs)
            dnsUs.set(i, Self.code(newValue.dnsUs))
            connectUs.set(i, Self.code(newValue.connectUs))
            tlsUs.set(i, Self.code(newValue.tlsUs))
            ttfbUs.set(i, Self.code(newValue.ttfbUs))
            totalUs.set(i, Self.code(newValue.totalUs))
            bytes.set(i, newValue.bytes)
            httpStatus.set(i, Self.code(newValue.httpStatus.map(Int64.init)))
            correctedUs.set(i, Self.code(newValue.correctedUs))
            uploadBytes.set(i, Self.code(newValue.uploadBytes))
            errorCodes[i] = newValue.errorClass.map { UInt8(Self.errorClasses.firstIndex(of: $0)! + 1) } ?? 0
        }
    }
}

extension SampleColumns: ExpressibleByArrayLiteral {
    public init(arrayLiteral elements: Sample...) {
        self.init(elements)
    }
}

extension SampleColumns: RangeReplaceableCollection {
    public mutating func append<S: Sequence>(contentsOf samples: S) where S.Element == Sample {
        for sample in samples { append(sample) }
    }

    /// Rebuilds the columns (O(count)); appending, the common case, is `append(_:)`.
    public mutating func replaceSubrange<C: Collection>(_ range: Range<Int>, with samples: C) where C.Element == Sample {
        var rebuilt = SampleColumns()
        rebuilt.append(contentsOf: self[..<range.lowerBound])
        rebuilt.append(contentsOf: samples)
        rebuilt.append(contentsOf: self[range.upperBound...])
        self = rebuilt
    }
}
