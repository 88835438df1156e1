import SondeCore

/// The synthetic rows of the benchmarks, the ingest race and the memory figure.
/// Benchmarks/peers/ingest.c makes exactly the same rows from the same formulas: keep them in step.
public enum SyntheticSamples {
    /// Providers 1...4, as `SampleStore.providerID(for:)` numbers them in a new database.
    public static let providerCount: Int64 = 4
    public static let epochNs: Int64 = 1_764_000_000_000_000_000

    /// Row `i` of the run: providers interleave, every 100th attempt is refused.
    @inlinable
    public static func sample(_ i: Int64) -> Sample {
        let provider = 1 + i % providerCount
        let sequence = i / providerCount
        let intended = epochNs + sequence * 20_000_000 + (provider - 1) * 5_000_000
        let started = intended + 1_000 + (i &* 7_919) % 50_000
        let dns = 20 + i % 13
        if i % 100 == 99 {
            return Sample(providerID: provider, probe: .latency, sequence: sequence, intendedNs: intended,
                          startedNs: started, dnsUs: dns, totalUs: dns + 5, errorClass: .refused)
        }
        let connect = dns + 60 + i % 17
        let ttfb = connect + 300 + (i &* 31) % 500
        return Sample(providerID: provider, probe: .latency, sequence: sequence, intendedNs: intended,
                      startedNs: started, dnsUs: dns, connectUs: connect, ttfbUs: ttfb,
                      totalUs: ttfb + 40 + i % 11, bytes: 1_024, httpStatus: 200)
    }

    /// The providers the rows refer to, registered in this order.
    public static let providers: [Provider] = (1...providerCount).map {
        Provider(name: "synthetic-\($0)", kind: $0 == 1 ? .centralized : .depin, region: "lo", jurisdiction: "",
                 endpoint: "http://127.0.0.1:9/\($0)")
    }
}

extension SyntheticSamples {
    /// A stored-looking run of `perProvider` samples for each provider, as analysis and the
    /// exporters receive it from `SampleStore.load`.
    public static func runData(perProvider: Int) -> RunData {
        let info = RunInfo(id: "00000000-0000-4000-8000-000000000011", startedNs: epochNs, label: "bench",
                           vantage: "loopback", host: "bench", sondeVersion: SondeVersion.current,
                           configHash: "0", configText: "")
        var series = providers.map { ProviderSeries(provider: $0, samples: []) }
        for i in 0..<(Int64(perProvider) * providerCount) {
            let sample = sample(i)
            series[Int(sample.providerID - 1)].samples.append(sample)
        }
        return RunData(run: RunRecord(info: info, finishedNs: epochNs + 1_000_000_000, status: .complete), series: series)
    }
}
