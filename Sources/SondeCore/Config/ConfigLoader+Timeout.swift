import Yams

extension ConfigLoader {
    /// The smallest timeout sonde accepts. libcurl takes timeouts in whole milliseconds
    /// (`CURLOPT_TIMEOUT_MS`), and a value that truncates to 0 means "no timeout at all" to it:
    /// `500us` used to store forty-millisecond successes instead of timeouts.
    public static let minimumTimeout = Duration.milliseconds(1)

    /// A `timeout` key: a duration of at least `minimumTimeout`, rejected at load (exit 64) with
    /// the field named otherwise. Every timeout that reaches libcurl is read here.
    static func timeout(_ node: Node, _ field: String, _ reader: YAMLReader) throws(ConfigError) -> Duration {
        let value = try reader.duration(node, field)
        guard value >= minimumTimeout else {
            throw reader.error(node, field, "'\(node.string ?? "")' is below 1ms, the smallest timeout libcurl can apply "
                                   + "(it counts whole milliseconds)")
        }
        return value
    }
}
