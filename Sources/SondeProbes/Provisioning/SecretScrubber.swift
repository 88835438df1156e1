/// Removes resolved `${ENV}` values from text a provider tool printed (an error line echoing a
/// token must not reach the database or the terminal).
struct SecretScrubber: Sendable {
    /// Value → the reference it came from, longest values first so that a value containing another is replaced whole.
    private let secrets: [(value: String, name: String)]

    init(values: [String: String]) {
        secrets = values.filter { !$0.value.isEmpty }.map { ($0.value, $0.key) }.sorted { $0.value.count > $1.value.count }
    }

    func scrub(_ text: String) -> String {
        secrets.reduce(text) { $0.replacingOccurrences(of: $1.value, with: "${\($1.name)}") }
    }
}
