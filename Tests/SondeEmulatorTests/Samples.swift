import Dispatch
@testable import SondeEmulator

/// Plain sample statistics for the model tests (numpy conventions: variance with n-1, median
/// as the mean of the two middle values).
struct Samples {
    init(values: [Double]) { self.values = values }
    var values: [Double]

    /// Draws one delay every `interval` seconds of simulated time, as an open-loop probe would.
    init(_ model: LatencyModel, seed: UInt64, count: Int, interval: Double) {
        var rng = SplitMix64(seed: seed)
        values = (0..<count).map { index in
            model.delay(at: .nanoseconds(Int64(Double(index) * interval * 1e9)), using: &rng).secondsValue * 1000
        }
    }

    /// The same, computed off the cooperative pool (see `offCooperativePool`).
    static func draw(_ model: LatencyModel, seed: UInt64, count: Int, interval: Double) async -> Samples {
        await offCooperativePool { Samples(model, seed: seed, count: count, interval: interval) }
    }

    var mean: Double { values.reduce(0, +) / Double(values.count) }

    var variance: Double {
        let mean = mean
        return values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count - 1)
    }

    var median: Double {
        let sorted = values.sorted()
        let middle = sorted.count / 2
        return sorted.count % 2 == 0 ? (sorted[middle - 1] + sorted[middle]) / 2 : sorted[middle]
    }

    /// Lag-1 autocorrelation: sum((x_t - m)(x_t+1 - m)) / sum((x_t - m)^2). Under independence it
    /// is about normal with standard error 1/sqrt(n).
    var lag1Autocorrelation: Double {
        let mean = mean
        var numerator = 0.0
        var denominator = 0.0
        for index in values.indices {
            let deviation = values[index] - mean
            denominator += deviation * deviation
            if index + 1 < values.count {
                numerator += deviation * (values[index + 1] - mean)
            }
        }
        return numerator / denominator
    }
}

/// Runs CPU-heavy test work on a Dispatch queue rather than on one of the two cooperative
/// threads, so that the loopback servers of tests running in parallel are not starved.
func offCooperativePool<T: Sendable>(_ work: @escaping @Sendable () -> T) async -> T {
    await withCheckedContinuation { continuation in
        DispatchQueue.global().async { continuation.resume(returning: work()) }
    }
}
