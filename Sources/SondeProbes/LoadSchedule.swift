import SondeCore

/// The intended send times of one provider's load: constant spacing (`k / rate`) or a Poisson
/// process (exponential gaps with mean `1 / rate`, seeded), as offsets in nanoseconds after the
/// run's start. A cursor walks the schedule forward; two cursors of one schedule (one counting
/// arrivals as they fall due, one handing intended times to sends) keep memory flat however
/// far sends fall behind.
struct LoadSchedule {
    let offsetNs: Double
    let periodNs: Double
    let arrivals: ArrivalProcess
    let seed: UInt64

    init(rate: Double, arrivals: ArrivalProcess, offsetNs: Double, seed: UInt64) {
        periodNs = 1e9 / rate
        self.arrivals = arrivals
        self.offsetNs = offsetNs
        self.seed = seed
    }

    /// A position in the schedule: the index and intended offset of the next arrival.
    struct Cursor {
        private(set) var index: Int64 = 0
        private(set) var nextNs: Double
        private var generator: SeededGenerator
        private let schedule: LoadSchedule

        init(_ schedule: LoadSchedule) {
            self.schedule = schedule
            generator = SeededGenerator(seed: schedule.seed)
            nextNs = schedule.offsetNs
            if schedule.arrivals == .poisson { nextNs += gap() }
        }

        /// The intended offset of the arrival at the cursor, in whole nanoseconds.
        var next: Int64 { Int64(nextNs) }

        /// Moves past the arrival at the cursor.
        mutating func advance() {
            index += 1
            switch schedule.arrivals {
            case .constant: nextNs = schedule.offsetNs + Double(index) * schedule.periodNs
            case .poisson: nextNs += gap()
            }
        }

        private mutating func gap() -> Double {
            // Inverse transform of a uniform in (0, 1]: never log(0).
            -schedule.periodNs * log(1 - generator.unit())
        }
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
