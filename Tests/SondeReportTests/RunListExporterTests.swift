import Foundation
import Testing
import SondeCore
@testable import SondeReport

@Suite struct RunListExporterTests {
    static let runs = [
        RunSummary(id: "b2", label: "nightly", vantage: "eu", host: "h", status: .complete, startedNs: 1_764_885_371_000_000_000,
                   finishedNs: 1_764_885_671_500_000_000, providers: 4,
                   samplesByProbe: [.init(probe: "bandwidth", samples: 12), .init(probe: "latency", samples: 3_472)]),
        RunSummary(id: "a1", label: nil, vantage: nil, host: nil, status: .running, startedNs: 0, finishedNs: nil, providers: 0,
                   samplesByProbe: []),
    ]

    /// Expected values from GNU date: `date -u -d @1764885371 +%FT%TZ` → 2025-12-04T21:56:11Z,
    /// `date -u -d @951782400 +%FT%TZ` → 2000-02-29T00:00:00Z, `date -u -d @-1 +%FT%TZ` → 1969-12-31T23:59:59Z.
    @Test func timestampsAreRFC3339InUTC() {
        #expect(RunListExporter.timestamp(1_764_885_371_000_000_000) == "2025-12-04T21:56:11Z")
        #expect(RunListExporter.timestamp(1_764_885_371_999_999_999) == "2025-12-04T21:56:11Z")
        #expect(RunListExporter.timestamp(951_782_400_000_000_000) == "2000-02-29T00:00:00Z")
        #expect(RunListExporter.timestamp(0) == "1970-01-01T00:00:00Z")
        #expect(RunListExporter.timestamp(-1) == "1969-12-31T23:59:59Z")
    }

    @Test func tableAlignsColumnsAndShowsEveryProbesCount() {
        let text = String(decoding: RunListExporter.export(Self.runs, format: .table), as: UTF8.self)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == 4 && lines[3].isEmpty)
        #expect(lines[0].hasPrefix("ID  STARTED (UTC)         STATUS    LABEL    VANTAGE  PROVIDERS  SAMPLES"))
        #expect(lines[1] == "b2  2025-12-04T21:56:11Z  complete  nightly  eu               4  3484 (bandwidth=12;latency=3472)")
        #expect(lines[2] == "a1  1970-01-01T00:00:00Z  running   -        -                0  0")
    }

    @Test func csvHasOneRowPerRun() {
        let text = String(decoding: RunListExporter.export(Self.runs, format: .csv), as: UTF8.self)
        #expect(text == """
            id,started_at,finished_at,status,label,vantage,host,providers,samples,samples_by_probe
            b2,2025-12-04T21:56:11Z,2025-12-04T22:01:11Z,complete,nightly,eu,h,4,3484,bandwidth=12;latency=3472
            a1,1970-01-01T00:00:00Z,,running,,,,0,0,

            """)
    }

    @Test func jsonCarriesCountsAndNanoseconds() throws {
        let bytes = RunListExporter.export(Self.runs, format: .json)
        let decoded = try #require(try JSONSerialization.jsonObject(with: Data(bytes)) as? [[String: Any]])
        #expect(decoded.count == 2)
        #expect(decoded[0]["samples"] as? Int == 3_484)
        #expect(decoded[0]["samples_by_probe"] as? [String: Int] == ["bandwidth": 12, "latency": 3_472])
        #expect(decoded[0]["started_at_ns"] as? Int64 == 1_764_885_371_000_000_000)
        #expect(decoded[0]["finished_at"] as? String == "2025-12-04T22:01:11Z")
        #expect(decoded[1]["label"] == nil)
    }

    @Test func controlCharactersCannotBreakTheTable() {
        let run = RunSummary(id: "x", label: "a\nb\tc", vantage: nil, host: nil, status: .failed, startedNs: 0, finishedNs: nil,
                             providers: 0, samplesByProbe: [])
        let text = String(decoding: RunListExporter.export([run], format: .table), as: UTF8.self)
        #expect(text.split(separator: "\n").count == 2)
        #expect(text.contains("a?b?c"))
    }
}
