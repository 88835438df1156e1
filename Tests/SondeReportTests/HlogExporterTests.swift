import Foundation
import Testing
import SondeCore
@testable import SondeReport

/// `--format hlog`: the interval log of a stored run (load intervals and latency per 2 s),
/// decoded by PyPI `hdrhistogram` (HdrHistogram_py) and by Debian's `libhdrhistogram-java`
/// (`HistogramLogReader`, what `HistogramLogProcessor` reads with): every interval's tag, start,
/// count, p50 and p99 equal sonde's.
@Suite struct HlogExporterTests {
    /// Geometry checks of `countsIndex` for 1 µs..1 h at 3 digits (sub-buckets of 2048, half 1024):
    /// values below 2048 index themselves; 2048 opens bucket 1 at index 2048 (unit 2), 4096 bucket 2 at 3072.
    @Test func countsIndexFollowsHdrHistogramGeometry() {
        let encoding = HlogExporter.encoding
        #expect(encoding.countsIndex(1) == 1)
        #expect(encoding.countsIndex(1000) == 1000)
        #expect(encoding.countsIndex(2047) == 2047)
        #expect(encoding.countsIndex(2048) == 2048)
        #expect(encoding.countsIndex(2049) == 2048)
        #expect(encoding.countsIndex(4096) == 3072)
    }

    @Test func zigZagLEB128() {
        var bytes: [UInt8] = []
        HdrV2Encoding.putZigZag(0, into: &bytes)
        HdrV2Encoding.putZigZag(-1, into: &bytes)
        HdrV2Encoding.putZigZag(1, into: &bytes)
        HdrV2Encoding.putZigZag(64, into: &bytes)
        HdrV2Encoding.putZigZag(-3, into: &bytes)
        #expect(bytes == [0, 1, 2, 0x80, 0x01, 5])
    }

    @Test func logStartsWithTheHeaderJavaWrites() throws {
        let text = String(decoding: HlogExporter(interval: 2).export(try StoredRunFixture.analysis()), as: UTF8.self)
        let lines = text.split(separator: "\n")
        #expect(lines[0] == "#[Histogram log format version 1.3]")
        #expect(lines.contains { $0.hasPrefix("#[StartTime: ") && $0.contains(" (seconds since epoch), ") })
        #expect(lines.contains { $0.hasPrefix("#[BaseTime: ") })
        #expect(lines.contains("\"StartTimestamp\",\"Interval_Length\",\"Interval_Max\",\"Interval_Compressed_Histogram\""))
        #expect(lines.contains { $0.hasPrefix("Tag=load/") } && lines.contains { $0.hasPrefix("Tag=latency/") })
    }

    struct Decoded: Decodable {
        var tag: String
        var start_ms: Int64
        var count: Int
        var p50: Int64
        var p99: Int64
    }

    @Test(arguments: ["python", "java"]) func decodersAgreeWithSonde(_ decoder: String) throws {
        let arguments: [String]
        let program: String
        let root = ExternalTool.root.path
        if decoder == "python" {
            guard let python = ExternalTool.find("python3"), !ExternalTool.missing("python3 hdrh (PyPI hdrhistogram)", ExternalTool.pythonHas("hdrh")) else { return }
            program = python
            arguments = ["\(root)/scripts/decode-hlog.py"]
        } else {
            let jar = "/usr/share/java/hdrhistogram.jar"
            guard let java = ExternalTool.find("java"),
                  !ExternalTool.missing("libhdrhistogram-java", FileManager.default.fileExists(atPath: jar)) else {
                _ = ExternalTool.missing("java", ExternalTool.find("java") != nil)
                return
            }
            program = java
            arguments = ["-cp", jar, "\(root)/scripts/DecodeHlog.java"]
        }
        let analysis = try StoredRunFixture.analysis()
        let exporter = HlogExporter(interval: 2)
        let file = try ExternalTool.temporaryFile("run.hlog", exporter.export(analysis))
        let outcome = try ExternalTool.run(program, arguments + [file])
        #expect(outcome.status == 0, "\(outcome.errors)")
        let decoded = try outcome.output.split(separator: "\n").map { try JSONDecoder().decode(Decoded.self, from: Data($0.utf8)) }
        let expected = exporter.intervals(analysis)
        #expect(decoded.count == expected.count && !expected.isEmpty)
        for (line, interval) in zip(decoded, expected) {
            #expect(line.tag == interval.tag)
            // Start and base time are written to the millisecond (%.3f), so allow one rounding each.
            #expect(abs(line.start_ms - interval.startNs / 1_000_000) <= 2, "\(interval.tag)")
            #expect(line.count == interval.histogram.count, "\(interval.tag)")
            for (q, value) in [(0.5, line.p50), (0.99, line.p99)] {
                let sonde = try #require(interval.histogram.quantile(q))
                // sonde reports its exact maximum where HdrHistogram reports the maximum's bucket.
                if sonde == interval.histogram.quantile(1) {
                    #expect(HlogExporter.encoding.countsIndex(UInt64(value)) == HlogExporter.encoding.countsIndex(UInt64(sonde)), "\(interval.tag) q\(q)")
                } else {
                    #expect(value == sonde, "\(interval.tag) q\(q)")
                }
            }
        }
    }
}
