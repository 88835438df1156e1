#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Maps data values onto a pixel range, linearly or logarithmically, and proposes round ticks.
struct Scale: Sendable {
    enum Kind: Sendable { case linear, log }

    let kind: Kind
    let lower: Double
    let upper: Double
    let start: Double
    let end: Double

    /// A scale over `lower...upper` drawn from pixel `start` to `end`. A log scale needs positive
    /// bounds; an empty domain is widened so that the mapping never divides by zero.
    init(_ kind: Kind, lower: Double, upper: Double, from start: Double, to end: Double) {
        var lo = lower, hi = upper
        if kind == .log {
            lo = max(lo, 1e-9)
            hi = max(hi, lo)
            if hi <= lo { lo /= 2; hi = hi * 2 }
        } else if hi <= lo {
            hi = lo + 1
        }
        self.kind = kind
        self.lower = lo
        self.upper = hi
        self.start = start
        self.end = end
    }

    /// A scale whose bounds are rounded outwards to ticks (decades for log, 1-2-5 steps for linear).
    static func nice(_ kind: Kind, lower: Double, upper: Double, from start: Double, to end: Double) -> Scale {
        switch kind {
        case .log:
            // 1-2-5 bounds rather than whole decades: 33–171 ms gets 20–200, not 10–1000.
            let lo = logStep(atOrBelow: max(lower, 1e-9))
            var hi = logStep(atOrAbove: max(upper, lo))
            if hi <= lo { hi = logStep(atOrAbove: lo * 1.5) }
            return Scale(.log, lower: lo, upper: hi, from: start, to: end)
        case .linear:
            let step = linearStep(lower: lower, upper: upper)
            return Scale(.linear, lower: floor(lower / step) * step, upper: ceil(upper / step) * step, from: start, to: end)
        }
    }

    /// The pixel position of `value`, clamped to the domain so outliers stay on the canvas.
    func callAsFunction(_ value: Double) -> Double {
        let v = min(max(value, lower), upper)
        let t: Double
        switch kind {
        case .linear: t = (v - lower) / (upper - lower)
        case .log: t = (log10(v) - log10(lower)) / (log10(upper) - log10(lower))
        }
        return start + t * (end - start)
    }

    /// Round values inside the domain to label: 1-2-5 per decade on a short log axis, decades
    /// on a long one; about five 1-2-5 steps on a linear axis.
    func ticks() -> [Double] {
        switch kind {
        case .log:
            let decades = Int(ceil(log10(upper) - log10(lower) - 1e-9))
            let multipliers: [Double] = decades <= 3 ? [1, 2, 5] : [1]
            var out: [Double] = []
            var base = pow(10, floor(log10(lower)))
            while base <= upper * 1.0001 {
                for m in multipliers {
                    let v = base * m
                    if v >= lower * 0.9999 && v <= upper * 1.0001 { out.append(v) }
                }
                base *= 10
            }
            return out
        case .linear:
            let step = Self.linearStep(lower: lower, upper: upper)
            var out: [Double] = []
            var v = ceil(lower / step - 1e-9) * step
            while v <= upper + step * 1e-9 {
                out.append(abs(v) < step * 1e-9 ? 0 : v)
                v += step
            }
            return out
        }
    }

    /// A 1-2-5 step giving about five intervals over `lower...upper`.
    static func linearStep(lower: Double, upper: Double) -> Double {
        let span = max(upper - lower, 1e-9)
        let raw = span / 5
        let base = pow(10, floor(log10(raw)))
        for m in [1.0, 2, 5, 10] where base * m >= raw { return base * m }
        return base * 10
    }

    /// The largest value 1, 2 or 5 × 10^k not above `value`.
    static func logStep(atOrBelow value: Double) -> Double {
        let base = pow(10, floor(log10(value) + 1e-12))
        for m in [5.0, 2, 1] where base * m <= value * (1 + 1e-12) { return base * m }
        return base
    }

    /// The smallest value 1, 2 or 5 × 10^k not below `value`.
    static func logStep(atOrAbove value: Double) -> Double {
        let base = pow(10, floor(log10(value) + 1e-12))
        for m in [1.0, 2, 5, 10] where base * m >= value * (1 - 1e-12) { return base * m }
        return base * 10
    }
}
