import Foundation
import SondeCore
import Testing
@testable import SondeProbes
#if canImport(Glibc)
import Glibc
#endif

/// The tcp probe against a loopback listener (connects succeed, the kernel completes them from
/// the listen backlog without an accept) and a closed port (refused).
@Suite(.serialized) struct TCPProbeTests {
    /// A listening loopback socket on an OS-chosen port, closed on deinit.
    final class Listener {
        let descriptor: Int32
        let port: UInt16

        init() throws {
            let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            var length = socklen_t(MemoryLayout<sockaddr_in>.size)
            let ok = withUnsafeMutablePointer(to: &address) { pointer in
                pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    bind(descriptor, $0, length) == 0 && getsockname(descriptor, $0, &length) == 0
                }
            }
            guard ok, listen(descriptor, 128) == 0 else {
                close(descriptor)
                throw POSIXError(.EADDRINUSE)
            }
            self.descriptor = descriptor
            port = UInt16(bigEndian: address.sin_port)
        }

        deinit { close(descriptor) }
    }

    /// A loopback port with nothing listening: bound, read back, closed.
    static func closedPort() throws -> UInt16 {
        let listener = try Listener()
        return listener.port
    }

    func run(_ targets: [TCPPlan.Target], stop: StopSignal = StopSignal()) async -> (ProbeOutcome, [Sample]) {
        let sink = CollectingSink()
        let probe = TCPProbe(plan: TCPPlan(targets: targets, maxDuration: nil))
        let outcome = await probe.run(ProbeContext(timeBase: TimeBase(), sink: sink, progress: probe.makeProgress(), stop: stop))
        return (outcome, sink.all.sorted { ($0.providerID, $0.sequence) < ($1.providerID, $1.sequence) })
    }

    static func target(_ id: Int64, host: String = "127.0.0.1", port: UInt16, samples: Int = 5,
                       interval: Duration = .milliseconds(20)) -> TCPPlan.Target {
        TCPPlan.Target(providerID: id, name: "p\(id)", host: host, port: port, interval: interval, samples: samples,
                       timeout: .seconds(2), offset: .milliseconds(10) * Int(id))
    }

    @Test func connectsToAListenerAndIsRefusedByAClosedPort() async throws {
        let listener = try Listener()
        let closed = try Self.closedPort()
        let (outcome, samples) = await run([Self.target(1, port: listener.port), Self.target(2, port: closed)])
        #expect(outcome.ending == .complete)
        let open = samples.filter { $0.providerID == 1 }
        let refused = samples.filter { $0.providerID == 2 }
        #expect(open.map(\.sequence) == [0, 1, 2, 3, 4])
        #expect(open.allSatisfy { $0.probe == .tcp && $0.succeeded && $0.errorClass == nil })
        #expect(open.allSatisfy { $0.connectUs != nil && $0.connectUs == $0.totalUs && $0.dnsUs == nil })
        // Loopback connects take microseconds; a generous bound still catches a unit slip (ms as us).
        #expect(open.allSatisfy { $0.totalUs! < 500_000 }, "\(open.map(\.totalUs))")
        #expect(refused.count == 5)
        #expect(refused.allSatisfy { $0.errorClass == .refused && !$0.succeeded && $0.connectUs == nil })
    }

    @Test func attemptsKeepTheirOpenLoopSchedule() async throws {
        let listener = try Listener()
        let (_, samples) = await run([Self.target(1, port: listener.port, samples: 4, interval: .milliseconds(50))])
        let intended = samples.map(\.intendedNs)
        #expect(zip(intended.dropFirst(), intended).allSatisfy { $0 - $1 == 50_000_000 })
        #expect(samples.allSatisfy { $0.startedNs >= $0.intendedNs })
    }

    @Test func aNameIsResolvedAndTimedAsDNS() async throws {
        let listener = try Listener()
        let (_, samples) = await run([Self.target(1, host: "localhost", port: listener.port, samples: 2)])
        // `localhost` may resolve to ::1 first, where nothing listens: either way it was looked up.
        #expect(samples.count == 2)
        #expect(samples.allSatisfy { $0.dnsUs != nil && ($0.errorClass == nil || $0.errorClass == .refused) })
        #expect(samples.filter(\.succeeded).allSatisfy { $0.connectUs! >= $0.dnsUs! })
    }

    @Test func anUnresolvableNameIsADNSError() async throws {
        let (_, samples) = await run([Self.target(1, host: "sonde-test.invalid", port: 80, samples: 1)])
        #expect(samples.map(\.errorClass) == [.dns])
    }

    @Test func aStopEndsTheProbeInterrupted() async throws {
        let listener = try Listener()
        let stop = StopSignal()
        stop.stop()
        let (outcome, samples) = await run([Self.target(1, port: listener.port, samples: 1000)], stop: stop)
        #expect(outcome.ending == .interrupted)
        #expect(samples.count < 1000)
    }
}
