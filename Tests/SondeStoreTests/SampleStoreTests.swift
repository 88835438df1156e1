import Foundation
import Testing
import SondeCore
@testable import SondeStore

/// Every test body runs against an in-memory and a file database, and a PostgreSQL schema when
/// the test cluster is there (`PostgresTestDatabase`).
@Suite struct SampleStoreTests {
    enum Backing: String, CaseIterable, CustomTestStringConvertible {
        case memory, file, postgres
        var testDescription: String { rawValue }

        /// The backings this test run covers.
        static var allCases: [Backing] { PostgresTestDatabase.enabled ? [.memory, .file, .postgres] : [.memory, .file] }

        func open() throws -> SampleStore {
            switch self {
            case .postgres: return try SampleStore(path: PostgresTestDatabase.freshURL())
            case .memory: return try SampleStore(path: ":memory:")
            case .file:
                let dir = FileManager.default.temporaryDirectory.appendingPathComponent("sonde-store-\(UUID().uuidString)")
                try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
                return try SampleStore(path: dir.appendingPathComponent("test.db").path)
            }
        }
    }

    static func info(_ id: String = UUID().uuidString.lowercased(), label: String? = "t", startedNs: Int64 = 1_700_000_000_000_000_000) -> RunInfo {
        RunInfo(id: id, startedNs: startedNs, label: label, vantage: "lab", host: "h", sondeVersion: "0.1.0",
                configHash: "abc", configText: "providers: []")
    }

    @Test(arguments: Backing.allCases)
    func migrationsApplyOnceAndInOrder(backing: Backing) throws {
        let store = try backing.open()
        #expect(try store.appliedMigrations() == Migrations.all.map(\.version))
        if backing != .memory {
            let reopened = try SampleStore(path: store.path)
            #expect(try reopened.appliedMigrations() == Migrations.all.map(\.version))
        }
    }

    @Test(arguments: Backing.allCases)
    func samplesRoundTripThroughTheWriter(backing: Backing) throws {
        let store = try backing.open()
        let info = Self.info()
        let row = try store.beginRun(info)
        let a = try store.providerID(for: Provider(name: "a", kind: .centralized, region: "us", endpoint: "http://a/"))
        let b = try store.providerID(for: Provider(name: "b", kind: .depin, region: "eu", endpoint: "http://b/"))
        #expect(try store.providerID(for: Provider(name: "a", kind: .centralized, region: "us", endpoint: "http://a/")) == a)
        let writer = try store.makeWriter(runRowID: row)
        for sequence in 0..<500 {
            writer.record(Sample(providerID: a, probe: .latency, sequence: Int64(sequence), intendedNs: 10, startedNs: 11,
                                 dnsUs: 5, connectUs: 50, ttfbUs: 900, totalUs: 1000, bytes: 42, httpStatus: 200))
        }
        writer.record(Sample(providerID: b, probe: .latency, sequence: 0, intendedNs: 10, startedNs: 12, dnsUs: 4,
                             totalUs: 300, errorClass: .refused))
        #expect(try writer.finish() == 501)
        try store.finishRun(info.id, status: .complete, finishedNs: 99)

        let record = try store.run(.last)
        #expect(record.status == .complete)
        #expect(record.finishedNs == 99)
        let data = try store.load(record)
        #expect(data.series.map(\.provider.name) == ["a", "b"])
        #expect(data.series[0].samples.count == 500)
        #expect(data.series[0].samples[7] == Sample(providerID: a, probe: .latency, sequence: 7, intendedNs: 10, startedNs: 11,
                                                    dnsUs: 5, connectUs: 50, ttfbUs: 900, totalUs: 1000, bytes: 42, httpStatus: 200))
        #expect(data.series[1].samples[0].errorClass == .refused)
        #expect(data.series[1].samples[0].connectUs == nil)
    }

    /// Rows go in groups of `SampleWriter.rowsPerInsert` through a multi-row INSERT and the rest
    /// one by one: 2 full groups and 6 left over, every optional column both set and NULL.
    @Test(arguments: Backing.allCases)
    func groupedAndSingleInsertsStoreEveryColumn(backing: Backing) throws {
        let store = try backing.open()
        let info = Self.info()
        let row = try store.beginRun(info)
        let a = try store.providerID(for: Provider(name: "a", kind: .centralized, region: "us", endpoint: "http://a/"))
        let count = 2 * SampleWriter.rowsPerInsert + 6
        let samples = (0..<count).map { index -> Sample in
            let n = Int64(index)
            let odd = index % 2 == 1
            var sample = Sample(providerID: a, probe: .load, sequence: n, intendedNs: 1_000 + n, startedNs: 2_000 + n,
                                dnsUs: odd ? nil : 3 + n, connectUs: odd ? 4 + n : nil, tlsUs: index % 3 == 0 ? 5 + n : nil,
                                ttfbUs: 6 + n, totalUs: 7 + n, bytes: 8 + n, httpStatus: odd ? 503 : 200,
                                errorClass: odd ? .http5xx : nil)
            sample.correctedUs = index % 4 == 0 ? nil : 9 + n
            sample.uploadBytes = index % 5 == 0 ? 10 + n : nil
            return sample
        }
        let writer = try store.makeWriter(runRowID: row)
        for sample in samples { writer.record(sample) }
        #expect(try writer.finish() == count)
        try store.finishRun(info.id, status: .complete, finishedNs: 99)
        #expect(try Self.storedSamples(store, probe: .load) == samples)
    }

    /// Every column of the stored samples of `probe`, in sequence order (`load` reads fewer).
    static func storedSamples(_ store: SampleStore, probe: ProbeKind) throws -> [Sample] {
        let query = try store.db.prepare("""
            SELECT provider_id, sequence, intended_ns, started_ns, dns_us, connect_us, tls_us, ttfb_us, total_us, bytes,
                   http_status, error_class, corrected_us, upload_bytes
            FROM samples WHERE probe = ? ORDER BY provider_id, sequence
            """)
        query.bind(1, probe.rawValue)
        var samples: [Sample] = []
        while try query.step() {
            var sample = Sample(providerID: query.int64(0)!, probe: probe, sequence: query.int64(1)!,
                                intendedNs: query.int64(2)!, startedNs: query.int64(3)!, dnsUs: query.int64(4),
                                connectUs: query.int64(5), tlsUs: query.int64(6), ttfbUs: query.int64(7),
                                totalUs: query.int64(8), bytes: query.int64(9)!, httpStatus: query.int64(10).map(Int.init),
                                errorClass: query.string(11).flatMap(ErrorClass.init(rawValue:)))
            sample.correctedUs = query.int64(12)
            sample.uploadBytes = query.int64(13)
            samples.append(sample)
        }
        return samples
    }

    /// A duplicate key inside a group fails the whole batch on SQLite: no row of it is stored.
    /// (PostgreSQL's writer skips a key already there, which makes replays idempotent:
    /// `PostgresStoreTests`.)
    @Test func aFailingGroupRollsBackTheWholeBatch() throws {
        let store = try Backing.memory.open()
        let info = Self.info()
        let row = try store.beginRun(info)
        let a = try store.providerID(for: Provider(name: "a", kind: .centralized, region: "us", endpoint: "http://a/"))
        let writer = try store.makeWriter(runRowID: row)
        for index in 0..<(2 * SampleWriter.rowsPerInsert) {
            // Sequence 40 twice: the second group holds a duplicate primary key.
            let sequence = Int64(index == 41 ? 40 : index)
            writer.record(Sample(providerID: a, probe: .load, sequence: sequence, intendedNs: 1, startedNs: 2, totalUs: 3))
        }
        #expect(throws: StoreError.self) { try writer.finish() }
        try store.finishRun(info.id, status: .failed, finishedNs: 99)
        #expect(try Self.storedSamples(store, probe: .load).isEmpty)
    }

    @Test(arguments: Backing.allCases)
    func runsAreFoundByIdPrefixLabelAndRecency(backing: Backing) throws {
        let store = try backing.open()
        try store.beginRun(Self.info("aaaa-1111", label: "nightly", startedNs: 1))
        try store.beginRun(Self.info("bbbb-2222", label: "manual", startedNs: 2))
        #expect(try store.run(.last).info.id == "bbbb-2222")
        #expect(try store.run(.id("aaaa")).info.id == "aaaa-1111")
        #expect(try store.run(.label("nightly")).info.id == "aaaa-1111")
        #expect(throws: StoreError.self) { try store.run(.id("cccc")) }
        #expect(try store.run(.last).status == .running)
    }

    @Test func anUnwritableLocationIsAnIOError() {
        do {
            _ = try SampleStore(path: "/proc/sonde-cannot-write-here/x.db")
            Issue.record("opening should fail")
        } catch {
            #expect(error.kind == .io)
            #expect(error.description.hasPrefix("/proc/sonde-cannot-write-here/x.db: cannot open database"))
        }
    }

    @Test func aFileThatIsNotADatabaseIsBadData() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("not-a-db-\(UUID().uuidString)").path
        try Data(repeating: 0x41, count: 4096).write(to: URL(fileURLWithPath: path))
        do {
            _ = try SampleStore(path: path)
            Issue.record("opening should fail")
        } catch {
            #expect(error.kind == .badData)
        }
    }
}
