extension EmulatedProviderSpec {
    /// How an emulated provider fails (fleet key `fault`), and the error class a probe should
    /// store for it (see docs/reliability.md, "Fault classes").
    public enum Fault: Sendable, Equatable, Codable, CustomStringConvertible {
        /// Answers normally.
        case none
        /// Nothing listens on its port: connections are refused (`refused`).
        case refuse
        /// Accepts requests and never answers them, until the fleet stops (`timeout`).
        case stall
        /// Answers with this 4xx or 5xx status after the model's delay (`http_4xx`, `http_5xx`;
        /// 429 comes with `Retry-After: 1` and is `rate_limited`).
        case status(Int)
        /// Sends the headers and half of the body, then aborts the connection with a TCP RST
        /// (`reset`).
        case reset
        /// Announces the whole body in `Content-Length`, sends half of it, then closes the
        /// connection normally (`truncated`).
        case truncate
        /// Sends the headers at once and the body at this many bytes per second, so a client
        /// with a timeout shorter than the body's length gives up (`timeout`).
        case dribble(bytesPerSecond: Double)

        /// Parses the fleet-file spelling: `none`, `refuse`, `stall`, `reset`, `truncate`,
        /// `status:N` (400...599) or `dribble:RATE` (`dribble:20B/s`, `dribble:1KiB/s`, `dribble:20`).
        public init?(_ text: String) {
            switch text {
            case "none": self = .none
            case "refuse": self = .refuse
            case "stall": self = .stall
            case "reset": self = .reset
            case "truncate": self = .truncate
            default:
                if text.hasPrefix("status:") {
                    guard let code = Int(text.dropFirst("status:".count)), (400...599).contains(code) else { return nil }
                    self = .status(code)
                } else if text.hasPrefix("dribble:") {
                    let rate = String(text.dropFirst("dribble:".count))
                    guard let value = Double(rate) ?? FleetSpecDecoder.byteRate(rate), value.isFinite, value > 0 else {
                        return nil
                    }
                    self = .dribble(bytesPerSecond: value)
                } else {
                    return nil
                }
            }
        }

        /// The fleet-file spelling, which is also the Codable form.
        public var description: String {
            switch self {
            case .none: "none"
            case .refuse: "refuse"
            case .stall: "stall"
            case .reset: "reset"
            case .truncate: "truncate"
            case .status(let code): "status:\(code)"
            case .dribble(let rate): rate == rate.rounded() && rate < 1e15 ? "dribble:\(Int(rate))B/s" : "dribble:\(rate)"
            }
        }

        /// Decodes the fleet-file spelling.
        public init(from decoder: any Decoder) throws {
            let text = try decoder.singleValueContainer().decode(String.self)
            guard let fault = Fault(text) else {
                throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath,
                                                        debugDescription: "unknown fault \(text)"))
            }
            self = fault
        }

        /// Encodes the fleet-file spelling.
        public func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            try container.encode(description)
        }
    }

    /// Periodic fault windows (fleet key `fault_schedule: { every: 10s, duration: 3s }`): the
    /// fault applies to requests that arrive in the first `duration` of every `every`, counted
    /// from the fleet's start; the provider is healthy the rest of the time.
    public struct FaultSchedule: Codable, Sendable, Equatable {
        /// The period of the windows.
        public var every: Duration
        /// How long each window lasts, at most `every`.
        public var duration: Duration

        /// Creates a schedule.
        public init(every: Duration, duration: Duration) {
            self.every = every
            self.duration = duration
        }

        /// Whether a request arriving `elapsed` after the fleet started falls in a window.
        public func isActive(at elapsed: Duration) -> Bool {
            guard elapsed >= .zero else { return false }
            let phase = elapsed.nanosecondsValue % every.nanosecondsValue
            return phase < duration.nanosecondsValue
        }
    }

    /// A header that requests must carry with exactly this value (fleet key
    /// `require_header: { name: Authorization, value: "Bearer xyz" }`); the name is
    /// case-insensitive, the value is not.
    public struct RequiredHeader: Codable, Sendable, Equatable {
        /// The header's name, e.g. `Authorization`.
        public var name: String
        /// The exact value expected.
        public var value: String

        /// Creates a requirement.
        public init(name: String, value: String) {
            self.name = name
            self.value = value
        }
    }
}

private extension Duration {
    /// Whole nanoseconds; fleet durations are far below the ~292 years where this overflows.
    var nanosecondsValue: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }
}
