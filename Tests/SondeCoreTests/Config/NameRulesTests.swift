import Testing
@testable import SondeCore

/// Names a user gives sonde (issue 22): NFC, at most 128 scalars, no Cc/Cf/Zl/Zp/Co/Cn scalars.
struct NameRulesTests {
    @Test(arguments: ["aws-us-east-1", "akash-eu", "東京-gpu", "café", "Zürich 2", String(repeating: "é", count: 128), "a'b"])
    func acceptsOrdinaryNames(name: String) {
        #expect(NameRules.problem(name) == nil)
    }

    @Test(arguments: [
        ("a\u{0}b", "U+0000 (Cc, control)"),
        ("tab\there", "U+0009 (Cc, control)"),
        ("esc\u{1B}[31m", "U+001B (Cc, control)"),
        ("del\u{7F}", "U+007F (Cc, control)"),
        ("evil\u{202E}gnp.exe", "U+202E (Cf, format)"),
        ("zero\u{200B}width", "U+200B (Cf, format)"),
        ("bom\u{FEFF}", "U+FEFF (Cf, format)"),
        ("line\u{2028}break", "U+2028 (Zl, line separator)"),
        ("para\u{2029}break", "U+2029 (Zp, paragraph separator)"),
        ("private\u{E000}", "U+E000 (Co, private use)"),
        ("unassigned\u{378}", "U+0378 (Cn, unassigned)"),
        ("cafe\u{301}", "is not in Unicode NFC"),
        ("", "must not be empty"),
    ])
    func rejectsWithTheReason(name: String, reason: String) throws {
        let problem = try #require(NameRules.problem(name))
        #expect(problem.contains(reason), "\(problem)")
    }

    @Test func rejectsLongNamesWithoutEchoingThem() throws {
        #expect(NameRules.problem(String(repeating: "x", count: 128)) == nil)
        let problem = try #require(NameRules.problem(String(repeating: "x", count: 129)))
        #expect(problem.hasPrefix("is longer than 128 Unicode scalars (129)"))
        let huge = try #require(NameRules.problem(String(repeating: "x", count: 10_000_000)))
        #expect(huge.contains("(10000000)") && huge.count < 200, "\(huge.prefix(300))")
    }

    @Test func previewEscapesWhatItCannotShow() {
        #expect(NameRules.preview("a\u{0}b\u{202E}c") == #"'a\u{0}b\u{202E}c'"#)
    }
}
