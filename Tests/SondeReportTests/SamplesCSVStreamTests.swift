import Testing
import SondeCore
@testable import SondeReport

/// The streamed `samples` format must be byte for byte what `SamplesCSVExporter` writes.
@Suite struct SamplesCSVStreamTests {
    /// Streams every series of `data` and collects what `drain` hands out, draining whenever the
    /// stream says it is full, as the CLI does.
    static func streamed(_ data: RunData) -> (bytes: [UInt8], drains: Int) {
        let stream = SamplesCSVStream(runID: data.run.info.id)
        var bytes: [UInt8] = []
        var drains = 0
        let collect = { (chunk: UnsafeBufferPointer<UInt8>) in
            bytes += chunk
            drains += 1
        }
        for series in data.series {
            stream.begin(provider: series.provider, probe: .latency)
            for sample in series.samples {
                stream.append(sample)
                if stream.isFull { stream.drain(collect) }
            }
        }
        stream.drain(collect)
        return (bytes, drains)
    }

    @Test func matchesTheExporterAndTheGoldenFile() throws {
        let data = Fixtures.runData()
        let input = try ReportInput(data: data)
        let (bytes, _) = Self.streamed(data)
        #expect(bytes == SamplesCSVExporter().export(input))
        try Golden.check(bytes, against: "samples.csv")
    }

    /// Large and negative integers, NULLs in every optional one, and text that needs
    /// quoting or the formula guard, over more than one chunk.
    @Test func matchesTheExporterOnExtremesAcrossChunks() throws {
        let info = RunInfo(id: "run-\"1\"", startedNs: 0, label: nil, vantage: nil, host: nil, sondeVersion: "0", configHash: "",
                           configText: "")
        let names = ["plain", "comma,name", "-minus", "@at", "+1", "line\nbreak", "q\"uote"]
        var series: [ProviderSeries] = []
        for (index, name) in names.enumerated() {
            var samples: [Sample] = []
            for sequence in 0..<3_000 {
                let n = Int64(sequence)
                let odd = sequence % 2 == 1
                samples.append(Sample(
                    providerID: Int64(index + 1), probe: .latency, sequence: n,
                    intendedNs: sequence == 0 ? 9_000_000_000_000_000_000 : (sequence == 1 ? -9_000_000_000_000_000_000 : -n * 1_000_003),
                    startedNs: n * 7,
                    dnsUs: odd ? nil : 0, connectUs: odd ? -1 : nil, tlsUs: sequence % 3 == 0 ? nil : 9_999_999_999,
                    ttfbUs: n % 10 == 0 ? nil : n, totalUs: odd ? n * 1_000 : nil, bytes: -n,
                    httpStatus: odd ? nil : 200 + sequence % 400,
                    errorClass: sequence % 7 == 0 ? ErrorClass.allCases[sequence % ErrorClass.allCases.count] : nil))
            }
            series.append(ProviderSeries(provider: Provider(name: name, kind: index % 2 == 0 ? .depin : .centralized,
                                                            region: index == 3 ? "=cmd()" : "r\(index)", endpoint: "http://x/"),
                                         samples: samples))
        }
        let data = RunData(run: RunRecord(info: info, finishedNs: nil, status: .complete), series: series)
        let (bytes, drains) = Self.streamed(data)
        #expect(bytes == SamplesCSVExporter().export(try ReportInput(data: data)))
        #expect(bytes.count > SamplesCSVStream.chunkBytes, "the fixture should span more than one chunk")
        #expect(drains >= 2)
    }

    /// Int64's own extremes (which no analysis could take, hence no exporter comparison) print
    /// as `String` prints them.
    @Test func writesInt64ExtremesAsStringDoes() {
        let stream = SamplesCSVStream(runID: "r")
        stream.begin(provider: Provider(name: "p", kind: .depin, region: "", endpoint: ""), probe: .latency)
        stream.append(Sample(providerID: 1, probe: .latency, sequence: .max, intendedNs: .min, startedNs: 0, dnsUs: -9,
                             connectUs: 10, totalUs: 1_000_000_000_000, bytes: .min, httpStatus: -1, errorClass: .tlsExpired))
        var bytes: [UInt8] = []
        stream.drain { bytes += $0 }
        let rows = String(decoding: bytes, as: UTF8.self).split(separator: "\n")
        #expect(rows.count == 2)
        #expect(rows[1] == "r,p,depin,,latency,\(Int64.max),\(Int64.min),0,-9,10,,,1000000000000,\(Int64.min),-1,tls_expired")
    }
}
