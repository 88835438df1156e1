import Foundation
import Testing

/// Golden files live beside this source in `Golden/`. Set SONDE_UPDATE_GOLDEN=1 to rewrite them
/// (CI refuses to run with it set).
enum Golden {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")

    static func check(_ bytes: [UInt8], against name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let url = directory.appendingPathComponent(name)
        if ProcessInfo.processInfo.environment["SONDE_UPDATE_GOLDEN"] != nil {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            try Data(bytes).write(to: url)
            return
        }
        guard let expected = FileManager.default.contents(atPath: url.path) else {
            Issue.record("missing golden file \(name); run with SONDE_UPDATE_GOLDEN=1 to create it", sourceLocation: sourceLocation)
            return
        }
        let actual = String(decoding: bytes, as: UTF8.self)
        let wanted = String(decoding: expected, as: UTF8.self)
        #expect(actual == wanted, "differs from Golden/\(name)", sourceLocation: sourceLocation)
    }
}
