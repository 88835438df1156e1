import Foundation
import SondeCore
import SondeEmulator
import Testing

/// One test per fault class (docs/reliability.md, "Fault classes"): the built binary runs the
/// latency probe against a faulty provider beside a healthy one, and every faulty sample must
/// land in its error class while the run completes and the healthy provider keeps all of its
/// samples, none failed. Serialized: these measure time, and each run takes a few seconds.
@Suite(.serialized) struct FaultClassTests {
    @Test func refusedConnectionIsRefused() async throws {
        let run = try await FaultRun.run(fleet: FaultRun.fleet(faulty: "fault: refuse"))
        run.expectCompleteWithHealthyIntact()
        run.expectEvery("faulty", is: .refused)
    }

    @Test func resetInTheMiddleOfTheBodyIsReset() async throws {
        // A 4 KiB body: half of it arrives before the RST.
        let run = try await FaultRun.run(fleet: FaultRun.fleet(faulty: "fault: reset, body: 4KiB"))
        run.expectCompleteWithHealthyIntact()
        run.expectEvery("faulty", is: .reset)
        #expect(run.samples("faulty").allSatisfy { $0.httpStatus == 200 && $0.bytes > 0 }, "\(run.outcomes("faulty"))")
    }

    @Test func stallThatNeverAnswersIsATimeout() async throws {
        let run = try await FaultRun.run(fleet: FaultRun.fleet(faulty: "fault: stall"))
        run.expectCompleteWithHealthyIntact()
        run.expectEvery("faulty", is: .timeout)
        #expect(run.samples("faulty").allSatisfy { ($0.totalUs ?? 0) >= 950_000 })
    }

    @Test func serverErrorIsHTTP5xx() async throws {
        let run = try await FaultRun.run(fleet: FaultRun.fleet(faulty: #"fault: "status:502""#))
        run.expectCompleteWithHealthyIntact()
        run.expectEvery("faulty", is: .http5xx)
        #expect(run.samples("faulty").allSatisfy { $0.httpStatus == 502 })
    }

    @Test func tooManyRequestsIsRateLimited() async throws {
        let run = try await FaultRun.run(fleet: FaultRun.fleet(faulty: #"fault: "status:429""#))
        run.expectCompleteWithHealthyIntact()
        run.expectEvery("faulty", is: .rateLimited)
        #expect(run.samples("faulty").allSatisfy { $0.httpStatus == 429 })
    }

    @Test func bodyShorterThanItsContentLengthIsTruncated() async throws {
        let run = try await FaultRun.run(fleet: FaultRun.fleet(faulty: "fault: truncate, body: 4KiB"))
        run.expectCompleteWithHealthyIntact()
        run.expectEvery("faulty", is: .truncated)
        // Half of the announced 4096 bytes arrived.
        #expect(run.samples("faulty").allSatisfy { $0.bytes == 2048 }, "\(run.samples("faulty").map(\.bytes))")
    }

    @Test func dribblingBodyThatOutlastsTheTimeoutIsATimeout() async throws {
        // 256 bytes at 32 B/s take 8 s; the timeout is 1 s. Headers and the first bytes arrive at once.
        let run = try await FaultRun.run(fleet: FaultRun.fleet(faulty: #"fault: "dribble:32B/s", body: 256B"#))
        run.expectCompleteWithHealthyIntact()
        run.expectEvery("faulty", is: .timeout)
        #expect(run.samples("faulty").allSatisfy { $0.httpStatus == 200 && $0.bytes > 0 && $0.ttfbUs != nil },
                "\(run.outcomes("faulty"))")
    }

    @Test func unresolvableHostIsDNS() async throws {
        let run = try await FaultRun.run(fleet: FaultRun.fleet(), extraProviders: """
              - name: faulty
                kind: depin
                region: nowhere
                endpoint: http://sonde-no-such-host.invalid/health

            """)
        run.expectCompleteWithHealthyIntact()
        run.expectEvery("faulty", is: .dns)
    }

    @Test func selfSignedCertificateIsUntrustedUnlessVerificationIsRelaxed() async throws {
        guard let nginx = Self.nginx() else { return }
        defer { nginx.stop() }
        let run = try await FaultRun.run(fleet: FaultRun.fleet(), extraProviders: Self.tlsProviders(nginx.selfSignedURL),
                                         probes: FaultRun.patientProbes)
        run.expectCompleteWithHealthyIntact()
        run.expectEvery("faulty", is: .tlsUntrusted)
        #expect(run.samples("relaxed").count == FaultRun.samples)
        #expect(run.samples("relaxed").allSatisfy { $0.succeeded && $0.httpStatus == 200 }, "\(run.outcomes("relaxed"))")
    }

    @Test func expiredCertificateIsExpiredUnlessVerificationIsRelaxed() async throws {
        guard let nginx = Self.nginx() else { return }
        defer { nginx.stop() }
        // Trust the test CA, so that the certificate's dates are what fails, not its issuer.
        let run = try await FaultRun.run(fleet: FaultRun.fleet(), extraProviders: Self.tlsProviders(nginx.expiredURL), probes: FaultRun.patientProbes,
                                         environment: ["CURL_CA_BUNDLE": nginx.caBundle])
        run.expectCompleteWithHealthyIntact()
        run.expectEvery("faulty", is: .tlsExpired)
        #expect(run.samples("relaxed").count == FaultRun.samples)
        #expect(run.samples("relaxed").allSatisfy { $0.succeeded && $0.httpStatus == 200 }, "\(run.outcomes("relaxed"))")
    }

    /// `faulty` with verification on (the default) and `relaxed`, the same URL with
    /// `tls: {verify: false}` written explicitly.
    static func tlsProviders(_ url: String) -> String {
        """
          - name: faulty
            kind: depin
            region: lo
            endpoint: \(url)
          - name: relaxed
            kind: depin
            region: lo
            endpoint: \(url)
            tls: { verify: false }

        """
    }

    /// nginx with the test certificates, or `nil` after a loud SKIPPED line.
    static func nginx() -> NginxTLS? {
        do {
            return try NginxTLS.start()
        } catch {
            print("""
                ************************************************************************
                SKIPPED: TLS fault test: \(error)
                         (apt-get install -y nginx-light openssl, then run it again)
                ************************************************************************
                """)
            return nil
        }
    }
}
