import SondeCore

/// Fixed report data: a steady baseline, a noisy DePIN provider with errors, and a provider
/// whose every attempt failed, with a name that tries to break out of tables.
enum Fixtures {
    static func runData() -> RunData {
        let info = RunInfo(id: "0f1e2d3c-0000-4000-8000-000000000001", startedNs: 1_764_000_000_000_000_000, label: "fixture",
                           vantage: "lab", host: "h", sondeVersion: "0.1.0", configHash: "abc", configText: "")
        let run = RunRecord(info: info, finishedNs: 1_764_000_060_000_000_000, status: .complete)
        var steady: [Sample] = []
        var noisy: [Sample] = []
        for i in 0..<40 {
            let wait = Int64(30_000 + (i * 7919) % 2_000)
            steady.append(sample(1, i, dns: 20, connect: 90, ttfb: 90 + wait, total: 120 + wait, status: 200))
            let spread = Int64(45_000 + (i * 104_729) % 40_000 + (i % 13 == 0 ? 250_000 : 0))
            if i % 10 == 3 {
                noisy.append(sample(2, i, dns: 25, connect: nil, ttfb: nil, total: 5_000_000, status: nil, error: .timeout))
            } else if i % 10 == 7 {
                noisy.append(sample(2, i, dns: 25, connect: 130, ttfb: 130 + spread, total: 160 + spread, status: 503, error: .http5xx))
            } else {
                noisy.append(sample(2, i, dns: 25, connect: 130, ttfb: 130 + spread, total: 160 + spread, status: 200))
            }
        }
        let refused = (0..<5).map { sample(3, $0, dns: 15, connect: nil, ttfb: nil, total: 200, status: nil, error: .refused) }
        return RunData(run: run, series: [
            ProviderSeries(provider: Provider(name: "cloud-us-east", kind: .centralized, region: "us-east", endpoint: "http://127.0.0.1:1/health"),
                           samples: steady),
            ProviderSeries(provider: Provider(name: "depin-eu", kind: .depin, region: "eu-central", endpoint: "http://127.0.0.1:2/health"),
                           samples: noisy),
            ProviderSeries(provider: Provider(name: "evil|<b>name</b>,\"x\"", kind: .depin, region: "=cmd()", endpoint: "http://127.0.0.1:3/"),
                           samples: refused),
        ])
    }

    static func sample(_ provider: Int64, _ sequence: Int, dns: Int64, connect: Int64?, ttfb: Int64?, total: Int64,
                       status: Int?, error: ErrorClass? = nil) -> Sample {
        let intended = 1_764_000_000_000_000_000 + Int64(sequence) * 200_000_000
        return Sample(providerID: provider, probe: .latency, sequence: Int64(sequence), intendedNs: intended,
                      startedNs: intended + 150_000, dnsUs: dns, connectUs: connect, ttfbUs: ttfb, totalUs: total,
                      bytes: status == nil ? 0 : 64, httpStatus: status, errorClass: error)
    }
}
