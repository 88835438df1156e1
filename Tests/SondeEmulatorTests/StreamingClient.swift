import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// A streaming HTTP client for the LLM tests: posts a JSON body and timestamps every piece of the
/// response body as URLSession (libcurl underneath on Linux) hands it over, so a test can see
/// when each server-sent event arrived.
final class StreamingClient: NSObject, URLSessionDataDelegate, @unchecked Sendable {
    struct Response {
        var status: Int
        /// When each `data:` event arrived, from the request's start, with its payload.
        var events: [(offset: Duration, payload: String)]
    }

    private let lock = NSLock()
    private var pending: [Int: (start: ContinuousClock.Instant, status: Int, buffer: Data,
                                events: [(Duration, String)], done: CheckedContinuation<Response, any Error>)] = [:]
    private var session: URLSession!

    override init() {
        super.init()
        let configuration = URLSessionConfiguration.ephemeral
        configuration.httpMaximumConnectionsPerHost = 256
        configuration.timeoutIntervalForRequest = 30
        session = URLSession(configuration: configuration, delegate: self, delegateQueue: nil)
    }

    /// Posts `body` as JSON to `url` and returns once the response is complete.
    func post(_ url: String, body: [String: Any]) async throws -> Response {
        var request = URLRequest(url: URL(string: url)!)
        request.httpMethod = "POST"
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.httpBody = try JSONSerialization.data(withJSONObject: body)
        return try await withCheckedThrowingContinuation { continuation in
            let task = session.dataTask(with: request)
            lock.withLock {
                pending[task.taskIdentifier] = (ContinuousClock.now, 0, Data(), [], continuation)
            }
            task.resume()
        }
    }

    func invalidate() {
        session.invalidateAndCancel()
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive response: URLResponse,
                    completionHandler: @escaping (URLSession.ResponseDisposition) -> Void) {
        lock.withLock { pending[dataTask.taskIdentifier]?.status = (response as? HTTPURLResponse)?.statusCode ?? 0 }
        completionHandler(.allow)
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive data: Data) {
        let now = ContinuousClock.now
        lock.withLock {
            guard var entry = pending[dataTask.taskIdentifier] else { return }
            entry.buffer.append(data)
            // Events end with a blank line; keep a partial one for the next piece.
            while let range = entry.buffer.range(of: Data("\n\n".utf8)) {
                let event = String(decoding: entry.buffer[entry.buffer.startIndex..<range.lowerBound], as: UTF8.self)
                entry.buffer.removeSubrange(entry.buffer.startIndex..<range.upperBound)
                if event.hasPrefix("data: ") { entry.events.append((now - entry.start, String(event.dropFirst(6)))) }
            }
            pending[dataTask.taskIdentifier] = entry
        }
    }

    func urlSession(_ session: URLSession, task: URLSessionTask, didCompleteWithError error: (any Error)?) {
        guard let entry = lock.withLock({ pending.removeValue(forKey: task.taskIdentifier) }) else { return }
        if let error {
            entry.done.resume(throwing: error)
        } else {
            entry.done.resume(returning: Response(status: entry.status, events: entry.events.map { ($0.0, $0.1) }))
        }
    }
}
