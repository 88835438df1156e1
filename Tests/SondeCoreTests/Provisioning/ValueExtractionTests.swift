import Testing
@testable import SondeCore

@Suite struct ValueExtractionTests {
    // RFC 6901 section 5's example document and pointers.
    static let rfcDocument = #"{"foo": ["bar", "baz"], "": 0, "a/b": 1, "c%d": 2, "e^f": 3, "g|h": 4, "i\\j": 5, "k\"l": 6, " ": 7, "m~n": 8}"#

    @Test(arguments: [("/foo/0", "bar"), ("/", "0"), ("/a~1b", "1"), ("/c%d", "2"), ("/e^f", "3"), ("/g|h", "4"),
                      ("/i\\j", "5"), ("/k\"l", "6"), ("/ ", "7"), ("/m~0n", "8")])
    func pointersOfRFC6901(pointer: String, expected: String) throws {
        #expect(try ValueExtraction.pointer(JSONPointer(pointer)!).extract(from: Self.rfcDocument) == expected)
    }

    @Test func missingValuesAndGarbageAreTold() {
        let pointer = ValueExtraction.pointer(JSONPointer("/foo/2")!)
        #expect(throws: ValueExtraction.Problem.missing("no value at /foo/2")) { try pointer.extract(from: Self.rfcDocument) }
        #expect(throws: ValueExtraction.Problem.missing("no value at /foo/01")) {
            try ValueExtraction.pointer(JSONPointer("/foo/01")!).extract(from: Self.rfcDocument)
        }
        #expect(throws: ValueExtraction.Problem.garbage("output is not JSON")) { try pointer.extract(from: "Segmentation fault\n") }
        #expect(JSONPointer("foo") == nil)
    }

    @Test func regexTakesTheFirstGroupOrTheWholeMatch() throws {
        #expect(try ValueExtraction.regex(#"id=(\S+)"#).extract(from: "created id=dseq-42 ok\n") == "dseq-42")
        #expect(try ValueExtraction.regex(#"i-[0-9a-f]+"#).extract(from: "instance i-0abc running") == "i-0abc")
        #expect(throws: ValueExtraction.Problem.missing("no match for /id=(\\S+)/")) {
            try ValueExtraction.regex(#"id=(\S+)"#).extract(from: "nothing")
        }
    }
}
