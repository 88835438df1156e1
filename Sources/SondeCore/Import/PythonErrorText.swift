/// Sorts the error text that Python LLM benchmarks keep (vLLM's `errors`, GuideLLM's
/// `info.error`) into sonde's error classes; anything unrecognised is `other`.
enum PythonErrorText {
    /// The class of an error text: an HTTP reason phrase or status, or a Python exception's name
    /// and message (aiohttp, httpx), falling back to the Go/OS phrases.
    static func errorClass(_ message: String) -> ErrorClass {
        let text = message.lowercased()
        if text.contains("too many requests") || text.contains(" 429") { return .rateLimited }
        let fiveHundreds = ["internal server error", "bad gateway", "service unavailable", "gateway timeout"]
        if fiveHundreds.contains(where: text.contains) { return .http5xx }
        let fourHundreds = ["bad request", "not found", "unauthorized", "forbidden", "unprocessable"]
        if fourHundreds.contains(where: text.contains) { return .http4xx }
        if text.contains("timeouterror") || text.contains("timed out") { return .timeout }
        if text.contains("clientconnectorerror") || text.contains("connection refused") { return .refused }
        if text.contains("serverdisconnectederror") || text.contains("connection reset") { return .reset }
        if text.contains("clientpayloaderror") || text.contains("transferencodingerror") { return .truncated }
        return GoErrorText.errorClass(message)
    }
}
