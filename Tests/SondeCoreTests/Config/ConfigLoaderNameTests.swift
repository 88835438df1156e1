import Testing
@testable import SondeCore

/// The configuration applies `NameRules` to provider names, regions and jurisdictions, naming file, line and field.
struct ConfigLoaderNameTests {
    func load(_ providers: String) throws(ConfigError) -> Config {
        try ConfigLoader.parse("providers:\n\(providers)", source: "names.yaml")
    }

    @Test func aNULInANameIsRejectedWithFileLineAndField() {
        // Once accepted and stored truncated at the NUL, so that two such names collided (issue 22).
        #expect(throws: ConfigError(source: "names.yaml", line: 2, field: "providers[0].name",
                                    problem: #"contains U+0000 (Cc, control), which a name may not hold: 'a\u{0}b'"#)) {
            try load("""
                  - {name: "a\\0b", kind: depin, endpoint: 'http://127.0.0.1:9/'}
                  - {name: "a\\0c", kind: depin, endpoint: 'http://127.0.0.1:9/'}
                """)
        }
    }

    @Test func regionsAndJurisdictionsFollowTheSameRules() throws {
        let region = try #require(throws: ConfigError.self) {
            try load("  - {name: a, kind: depin, region: \"eu\\u202E\", endpoint: 'http://127.0.0.1:9/'}\n")
        }
        #expect(region.field == "providers[0].region" && region.line == 2)
        let jurisdiction = try #require(throws: ConfigError.self) {
            try load("  - {name: a, kind: depin, jurisdiction: \"\\u2028\", endpoint: 'http://127.0.0.1:9/'}\n")
        }
        #expect(jurisdiction.field == "providers[0].jurisdiction")
    }

    @Test func namesEqualAfterNFCAreNotTwoProviders() throws {
        // The decomposed spelling is rejected outright, so it can never be a second "café".
        let error = try #require(throws: ConfigError.self) {
            try load("""
                  - {name: "caf\\u00E9", kind: depin, endpoint: 'http://127.0.0.1:9/'}
                  - {name: "cafe\\u0301", kind: depin, endpoint: 'http://127.0.0.1:9/'}
                """)
        }
        #expect(error.field == "providers[1].name" && error.problem.contains("is not in Unicode NFC"), "\(error)")
    }

    @Test func uniquenessIsCaseSensitive() throws {
        let config = try load("""
              - {name: gpu, kind: depin, endpoint: 'http://127.0.0.1:9/'}
              - {name: GPU, kind: depin, endpoint: 'http://127.0.0.1:9/'}
            """)
        #expect(config.providers.map(\.name) == ["gpu", "GPU"])
        #expect(throws: ConfigError.self) {
            try load("""
                  - {name: gpu, kind: depin, endpoint: 'http://127.0.0.1:9/'}
                  - {name: gpu, kind: centralized, endpoint: 'http://127.0.0.1:9/'}
                """)
        }
    }
}
