/// Which stored runs a command reads: one run by id, the most recent (with an exact label), or
/// several by id; narrowed by a label glob, a time window and vantage points. Pure: it resolves
/// against a list of runs, so every store backend selects the same way.
public struct RunSelection: Sendable, Equatable {
    /// How the runs are picked before the filters apply.
    public enum Pick: Sendable, Equatable {
        /// The most recently started run.
        case last
        /// Each a run id or an unambiguous prefix of one.
        case ids([String])
        /// The most recent run with exactly this label.
        case label(String)
        /// Every run that passes the filters (label glob, window, vantage), newest first.
        case all
        /// Every run with exactly this label that passes the filters, newest first (several
        /// vantage points of one plan: `sonde report --by-vantage --label L`).
        case labelled(String)
    }

    /// Why a selection matches nothing or is ambiguous.
    public struct Problem: Error, Sendable, Equatable, CustomStringConvertible {
        /// Nothing matched, or an id prefix matched several runs.
        public enum Kind: Sendable, Equatable { case notFound, ambiguous }
        /// Which of the two.
        public var kind: Kind
        /// One line naming what was asked for.
        public var description: String
    }

    /// How runs are picked before the filters apply.
    public var pick: Pick
    /// A glob over labels (`nightly-*`; `*` any run of characters, `?` one character).
    public var labelPattern: String?
    /// Runs started at or after this time, nanoseconds since the epoch.
    public var fromNs: Int64?
    /// Runs started before this time, nanoseconds since the epoch.
    public var toNs: Int64?
    /// Runs made from one of these vantage points; empty: any.
    public var vantages: [String]

    /// A selection; without arguments, the most recent run.
    public init(_ pick: Pick = .last, labelPattern: String? = nil, fromNs: Int64? = nil, toNs: Int64? = nil, vantages: [String] = []) {
        self.pick = pick
        self.labelPattern = labelPattern
        self.fromNs = fromNs
        self.toNs = toNs
        self.vantages = vantages
    }

    /// Whether `info` passes the filters (not the pick).
    public func admits(_ info: RunInfo) -> Bool {
        if let labelPattern, !Self.glob(labelPattern, matches: info.label ?? "") { return false }
        if let fromNs, info.startedNs < fromNs { return false }
        if let toNs, info.startedNs >= toNs { return false }
        if !vantages.isEmpty, !vantages.contains(info.vantage ?? "") { return false }
        return true
    }

    /// The selected runs among `runs` (newest first), in that order.
    public func resolve(_ runs: [RunRecord]) throws(Problem) -> [RunRecord] {
        let admitted = runs.filter { admits($0.info) }
        let picked: [RunRecord]
        switch pick {
        case .last: picked = Array(admitted.prefix(1))
        case .all: picked = admitted
        case let .label(label): picked = Array(admitted.filter { $0.info.label == label }.prefix(1))
        case let .labelled(label): picked = admitted.filter { $0.info.label == label }
        case let .ids(ids):
            var result: [RunRecord] = []
            for id in ids {
                let exact = admitted.filter { $0.info.id == id }
                let matches = exact.isEmpty ? admitted.filter { $0.info.id.hasPrefix(id.lowercased()) } : exact
                guard matches.count <= 1 else { throw Problem(kind: .ambiguous, description: "run id prefix '\(id)' is ambiguous") }
                guard let match = matches.first else { throw Problem(kind: .notFound, description: "no run with id '\(id)'" + filterText) }
                if !result.contains(match) { result.append(match) }
            }
            picked = result
        }
        guard !picked.isEmpty else {
            switch pick {
            case .last, .all: throw Problem(kind: .notFound, description: (runs.isEmpty ? "no runs stored yet" : "no run") + filterText)
            case let .label(label), let .labelled(label):
                throw Problem(kind: .notFound, description: "no run labelled '\(label)'" + filterText)
            case .ids: throw Problem(kind: .notFound, description: "no run selected")
            }
        }
        return picked
    }

    /// The filters in words, for "nothing matched" messages.
    private var filterText: String {
        var parts: [String] = []
        if let labelPattern { parts.append("label matching '\(labelPattern)'") }
        if fromNs != nil || toNs != nil { parts.append("in the time window") }
        if !vantages.isEmpty { parts.append("from vantage \(vantages.joined(separator: " or "))") }
        return parts.isEmpty ? "" : " (" + parts.joined(separator: ", ") + ")"
    }

    /// Shell-style glob match of the whole text: `*` any run of characters, `?` exactly one.
    static func glob(_ pattern: String, matches text: String) -> Bool {
        let p = Array(pattern), t = Array(text)
        var pi = 0, ti = 0, star = -1, mark = 0
        while ti < t.count {
            if pi < p.count && (p[pi] == "?" || p[pi] == t[ti]) {
                pi += 1; ti += 1
            } else if pi < p.count && p[pi] == "*" {
                star = pi; mark = ti; pi += 1
            } else if star >= 0 {
                pi = star + 1; mark += 1; ti = mark
            } else {
                return false
            }
        }
        while pi < p.count && p[pi] == "*" { pi += 1 }
        return pi == p.count
    }
}
