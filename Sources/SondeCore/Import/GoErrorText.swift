/// Sorts the error text that Go's net/http client produces (vegeta writes `err.Error()`) into
/// sonde's error classes. Matching is on the stable phrases of Go's net, tls and x509 packages;
/// anything else is `other`, so an unknown message is counted, never dropped.
enum GoErrorText {
    static func errorClass(_ message: String) -> ErrorClass {
        let text = message.lowercased()
        let rules: [(ErrorClass, [String])] = [
            (.dns, ["no such host", "server misbehaving", "lookup "]),
            (.refused, ["connection refused"]),
            (.reset, ["connection reset", "broken pipe"]),
            (.timeout, ["timeout", "deadline exceeded", "timed out"]),
            (.tlsExpired, ["certificate has expired", "expired or is not yet valid"]),
            (.tlsUntrusted, ["unknown authority", "certificate is not trusted", "self-signed", "self signed"]),
            (.tlsOther, ["tls:", "x509:"]),
            (.truncated, ["unexpected eof"]),
            (.protocol, ["malformed http", "http: server gave http", "bad response", "protocol error"]),
        ]
        for (errorClass, phrases) in rules where phrases.contains(where: text.contains) {
            return errorClass
        }
        return .other
    }
}
