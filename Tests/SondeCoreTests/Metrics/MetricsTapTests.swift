import Synchronization
import Testing
import SondeCore

struct MetricsTapTests {
    final class Recorder: SampleSink, MetricsSink {
        let samples = Mutex<[Sample]>([])
        let events = Mutex<[MetricsEvent]>([])
        func record(_ sample: Sample) { samples.withLock { $0.append(sample) } }
        func record(_ event: MetricsEvent) { events.withLock { $0.append(event) } }
    }

    @Test func everySampleReachesTheWriterAndKnownProvidersReachTheMetrics() {
        let writer = Recorder()
        let metrics = Recorder()
        let provider = Provider(name: "a", kind: .depin, region: "eu", endpoint: "http://127.0.0.1:1/")
        let tap = MetricsTap(next: writer, metrics: metrics, providers: [7: provider])
        let known = Sample(providerID: 7, probe: .latency, sequence: 0, intendedNs: 1, startedNs: 2, totalUs: 900)
        let unknown = Sample(providerID: 8, probe: .latency, sequence: 0, intendedNs: 1, startedNs: 2, totalUs: 900)
        tap.record(known)
        tap.record(unknown)
        #expect(writer.samples.withLock { $0 } == [known, unknown])
        #expect(metrics.events.withLock { $0 } == [.sample(known, provider: provider)])
    }
}
