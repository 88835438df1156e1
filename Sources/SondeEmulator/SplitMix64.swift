import Foundation

/// A small, fast, seedable generator (Steele, Lea & Flood 2014, "Fast splittable pseudorandom
/// number generators"), so that every emulated delay is reproducible from the fleet's seed.
///
/// Not cryptographic; it only has to be well mixed and identical on every platform, which the
/// standard library's `SystemRandomNumberGenerator` is not (it cannot be seeded).
public struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    /// Creates a generator whose sequence is a pure function of `seed`.
    public init(seed: UInt64) {
        state = seed
    }

    /// Returns the next 64 random bits.
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        return Self.mix(state)
    }

    /// The SplitMix64 finaliser: a bijection that spreads every input bit over the output.
    /// Also used to derive independent seeds (per provider, per episode block) from one seed.
    static func mix(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Derives a seed for a named stream, stable under reordering of the fleet file: the name is
    /// hashed with FNV-1a (Swift's `Hasher` is randomised per process, so it cannot be used).
    static func derive(_ seed: UInt64, _ name: String) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in name.utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
        }
        return mix(seed ^ mix(hash))
    }
}

extension RandomNumberGenerator {
    /// A uniform double in the open interval (0, 1): never 0, so that `log` stays finite.
    mutating func nextOpenUnit() -> Double {
        // 53 random bits, shifted by half a step so both ends are excluded.
        (Double(next() >> 11) + 0.5) * 0x1p-53
    }

    /// A standard normal draw (Box–Muller, 1958). The second value of the pair is dropped so that
    /// the generator stays a plain value with no cached state.
    mutating func nextStandardNormal() -> Double {
        let u1 = nextOpenUnit()
        let u2 = nextOpenUnit()
        return (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)
    }

    /// An exponential draw with the given mean (inverse transform sampling).
    mutating func nextExponential(mean: Double) -> Double {
        -mean * log(nextOpenUnit())
    }
}
