import SondeCore

extension SampleWriter {
    /// Writes `batch` now, on the caller's thread, in one transaction through the same prepared
    /// statement the flush thread uses: the write path without the flush interval, for
    /// Benchmarks/ (`@_spi(Benchmarks) import SondeStore`). Not for use while `record(_:)` feeds
    /// the same writer (its flush thread would then share the connection); `written` does not
    /// count these rows.
    @_spi(Benchmarks)
    public func writeNow(_ batch: [Sample]) throws(StoreError) {
        try write(batch)
    }
}
