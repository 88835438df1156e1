import CSQLite
import SondeCore

/// The vocabulary columns (`samples.probe`, `samples.error_class`) as string literals, which
/// live as long as the process: the writer binds them without SQLite copying them per row
/// (SQLITE_STATIC), as a C writer binds its constants. The switches are exhaustive, so a case
/// added to either enum fails the build here until it has its literal (StaticTextTests checks
/// the spelling).
enum StaticText {
    static func probe(_ probe: ProbeKind) -> StaticString {
        switch probe {
        case .latency: return "latency"
        case .bandwidth: return "bandwidth"
        case .load: return "load"
        case .llm: return "llm"
        case .availability: return "availability"
        case .provision: return "provision"
        case .tcp: return "tcp"
        }
    }

    static func error(_ error: ErrorClass) -> StaticString {
        switch error {
        case .dns: return "dns"
        case .refused: return "refused"
        case .reset: return "reset"
        case .timeout: return "timeout"
        case .tlsUntrusted: return "tls_untrusted"
        case .tlsExpired: return "tls_expired"
        case .tlsOther: return "tls_other"
        case .rateLimited: return "rate_limited"
        case .http4xx: return "http_4xx"
        case .http5xx: return "http_5xx"
        case .truncated: return "truncated"
        case .protocol: return "protocol"
        case .other: return "other"
        }
    }
}

extension SQLiteStatement {
    /// Binds a probe kind's name, uncopied when it has a literal.
    @inline(__always) func bind(_ index: Int32, _ probe: ProbeKind) {
        let text = StaticText.probe(probe)
        if text.hasPointerRepresentation { bindStatic(index, text) } else { bind(index, probe.rawValue) }
    }

    /// Binds an error class's name (NULL for none), uncopied when it has a literal.
    @inline(__always) func bind(_ index: Int32, _ error: ErrorClass?) {
        guard let error else { sqlite3_bind_null(statement, index); return }
        let text = StaticText.error(error)
        if text.hasPointerRepresentation { bindStatic(index, text) } else { bind(index, error.rawValue) }
    }

    /// SQLITE_STATIC (a nil destructor): SQLite reads the literal in place until the next bind.
    @inline(__always) private func bindStatic(_ index: Int32, _ text: StaticString) {
        sqlite3_bind_text(statement, index, UnsafeRawPointer(text.utf8Start).assumingMemoryBound(to: CChar.self),
                          Int32(text.utf8CodeUnitCount), nil)
    }
}
