extension ReportDocument {
    /// Raw successful attempts of one provider and probe, in schedule order: what a committed
    /// report gives `sonde gate --baseline FILE` (total time and body bytes of each success; the
    /// attempt and error counts are in `providers`).
    ///
    /// Written packed (`sonde.report/2`):
    /// `{"provider", "probe", "count", "encoding": "delta-zigzag-leb128-base64", "total_us_packed", "bytes_packed"}`,
    /// see `DeltaVarintColumn`; read also from `sonde.report/1`'s plain arrays `total_us` and `bytes`
    /// (`bytes` absent in documents written before it existed).
    public struct RawSeries: Sendable, Codable, Equatable {
        public var provider: String
        public var probe: ProbeKind
        /// Total times of the successes, µs.
        public var totals: DeltaVarintColumn
        /// Body bytes of the same attempts (for throughput); `nil` from a `sonde.report/1`
        /// document written before bytes were added.
        public var packedBytes: DeltaVarintColumn?

        /// Total times of the successes, µs, unpacked.
        public var totalUs: [Int64] { totals.values }
        /// Body bytes of the same attempts, unpacked.
        public var bytes: [Int64]? { packedBytes?.values }

        /// From packed columns (which hold the same number of values).
        public init(provider: String, probe: ProbeKind, totals: DeltaVarintColumn, bytes: DeltaVarintColumn?) {
            self.provider = provider
            self.probe = probe
            self.totals = totals
            packedBytes = bytes
        }

        /// From plain arrays.
        public init(provider: String, probe: ProbeKind, totalUs: [Int64], bytes: [Int64]?) {
            self.init(provider: provider, probe: probe, totals: DeltaVarintColumn(totalUs), bytes: bytes.map { DeltaVarintColumn($0) })
        }

        enum CodingKeys: String, CodingKey {
            case provider, probe, count, encoding, totalUsPacked, bytesPacked
            // sonde.report/1
            case totalUs, bytes
        }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            provider = try container.decode(String.self, forKey: .provider)
            probe = try container.decode(ProbeKind.self, forKey: .probe)
            if container.contains(.totalUs) {
                totals = DeltaVarintColumn(try container.decode([Int64].self, forKey: .totalUs))
                packedBytes = try container.decodeIfPresent([Int64].self, forKey: .bytes).map { DeltaVarintColumn($0) }
                return
            }
            let encoding = try container.decode(String.self, forKey: .encoding)
            guard encoding == DeltaVarintColumn.encodingName else {
                throw DecodingError.dataCorruptedError(forKey: .encoding, in: container,
                                                       debugDescription: "unknown encoding '\(encoding)' (this sonde reads \(DeltaVarintColumn.encodingName))")
            }
            let count = try container.decode(Int.self, forKey: .count)
            guard count >= 0 else {
                throw DecodingError.dataCorruptedError(forKey: .count, in: container, debugDescription: "count \(count) is negative")
            }
            func column(_ key: CodingKeys, _ text: String) throws -> DeltaVarintColumn {
                do {
                    return try DeltaVarintColumn(base64: text, count: count)
                } catch {
                    throw DecodingError.dataCorruptedError(forKey: key, in: container, debugDescription: error.description)
                }
            }
            totals = try column(.totalUsPacked, try container.decode(String.self, forKey: .totalUsPacked))
            packedBytes = try container.decodeIfPresent(String.self, forKey: .bytesPacked).map { try column(.bytesPacked, $0) }
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(provider, forKey: .provider)
            try container.encode(probe, forKey: .probe)
            try container.encode(totals.count, forKey: .count)
            try container.encode(DeltaVarintColumn.encodingName, forKey: .encoding)
            try container.encode(totals.base64, forKey: .totalUsPacked)
            try container.encodeIfPresent(packedBytes?.base64, forKey: .bytesPacked)
        }
    }
}
