import Foundation

/// A value behind a lock, for the little state the fleet's concurrent parts share. The lock is
/// held only inside `withLock`, never across a suspension point.
final class Locked<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Value

    init(_ value: Value) {
        self.value = value
    }

    func withLock<T>(_ body: (inout Value) -> T) -> T {
        lock.lock()
        defer { lock.unlock() }
        return body(&value)
    }
}
