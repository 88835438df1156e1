// Stand-in for GateRules.Limit: the real GateRules parses YAML (Yams), which this -O script build
// does not link; DetectableChange.swift compiles unchanged against this enum of the same shape.
public enum GateRules {
    public enum Limit: Sendable, Equatable {
        case maxIncrease(Double), maxDecrease(Double), max(Double)
    }
}
