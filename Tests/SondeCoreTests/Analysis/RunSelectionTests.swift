import Testing
@testable import SondeCore

@Suite struct RunSelectionTests {
    static func run(_ id: String, _ label: String?, at seconds: Int64, vantage: String? = "lab") -> RunRecord {
        RunRecord(info: RunInfo(id: id, startedNs: seconds * 1_000_000_000, label: label, vantage: vantage, host: nil, sondeVersion: "0",
                                configHash: "", configText: ""), finishedNs: nil, status: .complete)
    }

    /// Newest first, as the store lists them.
    static let runs = [run("cc03", "nightly-3", at: 300, vantage: "tokyo"), run("bb02", "adhoc", at: 200),
                       run("bb01", "nightly-1", at: 100)]

    @Test func lastIsTheNewest() throws {
        #expect(try RunSelection().resolve(Self.runs).map(\.info.id) == ["cc03"])
    }

    @Test func idsAndUnambiguousPrefixes() throws {
        #expect(try RunSelection(.ids(["bb01", "cc"])).resolve(Self.runs).map(\.info.id) == ["bb01", "cc03"])
        #expect(throws: RunSelection.Problem(kind: .ambiguous, description: "run id prefix 'bb' is ambiguous")) {
            _ = try RunSelection(.ids(["bb"])).resolve(Self.runs)
        }
    }

    @Test func exactLabelPicksTheMostRecentWithIt() throws {
        #expect(try RunSelection(.label("adhoc")).resolve(Self.runs).map(\.info.id) == ["bb02"])
        #expect(throws: RunSelection.Problem.self) { _ = try RunSelection(.label("nightly-*")).resolve(Self.runs) }
    }

    @Test func globWindowAndVantageFilter() throws {
        #expect(try RunSelection(.all, labelPattern: "nightly-*").resolve(Self.runs).map(\.info.id) == ["cc03", "bb01"])
        #expect(try RunSelection(.all, fromNs: 150_000_000_000, toNs: 300_000_000_000).resolve(Self.runs).map(\.info.id) == ["bb02"])
        #expect(try RunSelection(.all, vantages: ["tokyo"]).resolve(Self.runs).map(\.info.id) == ["cc03"])
        #expect(try RunSelection(.last, labelPattern: "nightly-?").resolve(Self.runs).map(\.info.id) == ["cc03"])
        #expect(throws: RunSelection.Problem(kind: .notFound, description: "no run (from vantage berlin)")) {
            _ = try RunSelection(.all, vantages: ["berlin"]).resolve(Self.runs)
        }
    }

    @Test func globMatchesTheWholeLabel() {
        #expect(RunSelection.glob("nightly-*", matches: "nightly-2026-12-04"))
        #expect(!RunSelection.glob("nightly-*", matches: "pre-nightly-1"))
        #expect(RunSelection.glob("*-eu-?", matches: "akash-eu-1"))
        #expect(RunSelection.glob("*", matches: ""))
        #expect(!RunSelection.glob("a?c", matches: "ac"))
    }
}
