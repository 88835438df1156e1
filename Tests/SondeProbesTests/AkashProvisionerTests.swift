import Foundation
import Testing
import SondeCore
import SondeEmulator
@testable import SondeProbes

/// The akash preset against a recorded fake of `provider-services`: its outputs are trimmed
/// copies of the real CLI's JSON (tx events with the dseq, the bid list, lease-status), played
/// back by a shell script that logs every call, so the flow's order and the teardown are checked.
@Suite(.serialized) struct AkashProvisionerTests {
    static let script = #"""
        #!/bin/sh
        dir="$(dirname "$0")"
        echo "$*" >> "$dir/calls.log"
        count() { n=$(cat "$dir/$1" 2>/dev/null || echo 0); n=$((n + 1)); echo $n > "$dir/$1"; echo $n; }
        case "$1 $2 $3" in
        "tx deployment create")
            # $6 is the dseq sonde chose (--dseq D); garbage: the deployment exists, the answer is unreadable.
            if [ "$FAKE_MODE" = garbage ]; then touch "$dir/deployment-$6"; echo "panic: runtime error"; exit 0; fi
            echo '{"height":"18825","txhash":"9F1C","code":0,"logs":[{"msg_index":0,"events":[{"type":"akash.v1","attributes":[{"key":"module","value":"deployment"},{"key":"action","value":"deployment-created"},{"key":"owner","value":"akash1owner"},{"key":"dseq","value":"18824"}]}]}]}'
            touch "$dir/deployment-18824" ;;
        "query market bid")
            if [ "$FAKE_MODE" = nobids ] || [ "$(count bids)" -lt 3 ]; then
                echo '{"bids":[],"pagination":{"next_key":null,"total":"0"}}'
            else
                echo '{"bids":[{"bid":{"bid_id":{"owner":"akash1owner","dseq":"18824","gseq":1,"oseq":1,"provider":"akash1provider"},"state":"open","price":{"denom":"uakt","amount":"12.5"}}}],"pagination":{"next_key":null,"total":"1"}}'
            fi ;;
        "tx market lease")
            echo '{"height":"18830","txhash":"A7E2","code":0,"logs":[]}' ;;
        "send-manifest "*)
            echo '[{"provider":"akash1provider","status":"PASS"}]' ;;
        "lease-status "*)
            if [ "$(count status)" -lt 2 ]; then
                echo '{"services":{"web":{"name":"web","available":0,"total":1,"uris":null,"available_replicas":0}},"forwarded_ports":{}}'
            else
                echo "{\"services\":{\"web\":{\"name\":\"web\",\"available\":1,\"total\":1,\"uris\":[\"$FAKE_URI\"],\"available_replicas\":1}},\"forwarded_ports\":{}}"
            fi ;;
        "query deployment get")
            if [ -f "$dir/deployment-$7" ]; then echo "{\"deployment\":{\"deployment_id\":{\"dseq\":\"$7\"},\"state\":\"active\"}}"
            else echo "Error: rpc error: code = NotFound desc = deployment not found" >&2; exit 1; fi ;;
        "tx deployment close")
            rm -f "$dir/deployment-$5"
            echo '{"height":"18900","txhash":"C0DE","code":0,"logs":[]}' ;;
        *) echo "unknown command: $*" >&2; exit 1 ;;
        esac
        """#

    func attempt(mode: String, deadline: Duration) async throws -> (ProvisionRecord, [String], URL) {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("sonde-akash-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let cli = dir.appendingPathComponent("provider-services").path
        try Self.script.write(toFile: cli, atomically: true, encoding: .utf8)
        chmod(cli, 0o755)
        let fleet = try await EmulatedFleet.start(try FleetSpec.parse(
            yaml: "providers:\n  - { name: lease, kind: depin, region: r, latency: { median: 1ms, sigma: 0.1 } }\n", source: "t"))
        let url = URL(string: fleet.endpoints[0].url)!
        var environment = ProcessInfo.processInfo.environment
        environment["FAKE_MODE"] = mode
        environment["FAKE_URI"] = "\(url.host!):\(url.port!)"
        environment["AKASH_OWNER"] = "akash1owner"
        var preset = AkashPreset(cli: cli, sdl: "deploy.yaml", from: "sonde", owner: "${AKASH_OWNER}",
                                 flags: ["--chain-id", "akashnet-2"])
        preset.tokenRate = TokenRate(denom: "uakt", perUnit: 0.000003, currency: "USD")
        preset.blockTime = .seconds(6)
        let settings = ProvisionSettings(adapter: .akash, healthURL: "http://{endpoint}/health", pollInterval: .milliseconds(50),
                                         deadline: deadline)
        let end = ContinuousClock.now + deadline
        let stop = StopSignal()
        let provisioner = AkashProvisioner(preset: preset, environment: environment, deadline: end, destroyTimeout: .seconds(5),
                                           pollInterval: settings.pollInterval, stop: stop)
        let session = ProvisionSession(provisioner: provisioner, settings: settings, configuredEndpoint: "http://127.0.0.1:1/",
                                       verifyTLS: true, timeBase: TimeBase(), stop: stop, save: { _ in })
        var record = await session.provision(provider: "akash", attempt: 1, deadline: end)
        if record.outcome == .ready { record = await session.tearDown(record) }
        await fleet.stop()
        let calls = (try? String(contentsOf: dir.appendingPathComponent("calls.log"), encoding: .utf8))?
            .split(separator: "\n").map { $0.split(separator: " ").prefix(3).joined(separator: " ") } ?? []
        return (record, calls, dir)
    }

    @Test func theDeploymentFlowRunsInOrderAndIsClosed() async throws {
        let (record, calls, dir) = try await attempt(mode: "ok", deadline: .seconds(10))
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(record.outcome == .ready && record.providerResourceID == "18824")
        #expect(record.endpoint?.hasSuffix("/health") == true && record.tornDownNs != nil)
        // Bids appear on the third query; the URI on the second lease-status.
        #expect(calls == ["tx deployment create", "query market bid", "query market bid", "query market bid", "tx market lease",
                          "send-manifest deploy.yaml --dseq", "lease-status --dseq 18824", "lease-status --dseq 18824",
                          "tx deployment close"])
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("deployment-18824").path))

        // The fake's bid: 12.5 uakt per block; × 0.000003 USD/uakt × 3600 s / 6 s per block = 0.0225 USD/h.
        let price = try #require(record.bidPrice)
        #expect(price.amountPerBlock == 12.5 && price.denom == "uakt" && price.currency == "USD")
        #expect(abs(try #require(price.perHour) - 0.0225) < 1e-12)
    }

    @Test func noBidsByTheDeadlineIsCapacityUnavailableAndTheDeploymentIsClosed() async throws {
        let (record, calls, dir) = try await attempt(mode: "nobids", deadline: .milliseconds(600))
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(record.outcome == .capacityUnavailable)
        #expect(record.detail == "bids: no provider bid on deployment 18824 before the deadline")
        #expect(calls.last == "tx deployment close" && record.tornDownNs != nil)
    }

    @Test func anUnreadableCreateIsFoundByTheDseqSondeChoseAndClosed() async throws {
        let (record, calls, dir) = try await attempt(mode: "garbage", deadline: .seconds(5))
        defer { try? FileManager.default.removeItem(at: dir) }
        let dseq = try #require(record.attemptKey)
        #expect(record.outcome == .failed && record.errorClass == .protocol && !record.possiblyLeaked, "\(record)")
        #expect(record.providerResourceID == dseq && record.tornDownNs != nil)
        #expect(calls == ["tx deployment create", "query deployment get", "tx deployment close"])
        let left = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasPrefix("deployment-") }
        #expect(left.isEmpty, "\(left)")
    }

    @Test func findSaysNoneWhenTheChainDoesNotKnowTheDeployment() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("sonde-akash-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let cli = dir.appendingPathComponent("provider-services").path
        try Self.script.write(toFile: cli, atomically: true, encoding: .utf8)
        chmod(cli, 0o755)
        let provisioner = AkashProvisioner(preset: AkashPreset(cli: cli, sdl: "d.yaml", from: "sonde", owner: "akash1owner"),
                                           environment: ProcessInfo.processInfo.environment, deadline: .now + .seconds(5),
                                           destroyTimeout: .seconds(5), pollInterval: .milliseconds(50), stop: StopSignal())
        #expect(try await provisioner.find(attempt: "1796000000000000") == [])
        #expect(UInt64(provisioner.newAttemptKey()) != nil)
    }

    @Test func configNamesTheAkashKeys() throws {
        let text = """
            providers:
              - name: akash
                kind: depin
                endpoint: http://127.0.0.1:1/
                provision: { adapter: akash, sdl: deploy.yaml, from: sonde, owner: "${AKASH_OWNER}", flags: [--chain-id, akashnet-2] }
            """
        let settings = try #require(try ConfigLoader.parse(text, source: "a.yaml").providers[0].provision)
        #expect(settings.akash == AkashPreset(sdl: "deploy.yaml", from: "sonde", owner: "${AKASH_OWNER}", flags: ["--chain-id", "akashnet-2"]))
        #expect(throws: ConfigError.self) {
            try ConfigLoader.parse(text.replacingOccurrences(of: "sdl: deploy.yaml, ", with: ""), source: "a.yaml")
        }
    }

    @Test func tokenRateAndBlockTimeConvertBids() throws {
        let text = """
            providers:
              - name: akash
                kind: depin
                endpoint: http://127.0.0.1:1/
                provision: { adapter: akash, sdl: d.yaml, from: sonde, owner: o, token_rate: { uakt: 0.000003, currency: USD }, block_time: 6100ms }
            """
        let preset = try #require(try ConfigLoader.parse(text, source: "a.yaml").providers[0].provision?.akash)
        #expect(preset.tokenRate == TokenRate(denom: "uakt", perUnit: 0.000003, currency: "USD"))
        #expect(preset.blockTime == .milliseconds(6100))
        // A rate without a block time cannot convert: exit 64 naming the line and field.
        do {
            _ = try ConfigLoader.parse(text.replacingOccurrences(of: ", block_time: 6100ms", with: ""), source: "a.yaml")
            Issue.record("a token rate without a block time was accepted")
        } catch {
            #expect(error.field == "providers[0].provision.block_time" && error.line == 5, "\(error)")
        }
        do {
            _ = try ConfigLoader.parse(text.replacingOccurrences(of: ", currency: USD", with: ""), source: "a.yaml")
            Issue.record("a token rate without a currency was accepted")
        } catch {
            #expect(error.field == "providers[0].provision.token_rate.currency", "\(error)")
        }
    }
}
