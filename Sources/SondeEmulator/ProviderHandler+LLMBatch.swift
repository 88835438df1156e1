import FlyingFox
import Foundation

/// The OpenAI-compatible routes of a provider whose `llm` model has a capacity: the request goes
/// to the provider's ``LLMScheduler`` after the fixed `queue` wait, and its tokens are sent as
/// the scheduler's steps produce them. When the batch and the waiting queue are full the answer
/// is `503 Service Unavailable` at once, as an overloaded server with a bounded queue sends.
extension ProviderHandler {
    func batchedResponse(_ call: LLMEndpoint.Call, llm: LLMEndpoint, scheduler: LLMScheduler,
                         arrival: ContinuousClock.Instant) async throws -> HTTPResponse {
        guard let (requestID, tokens) = scheduler.submit(promptTokens: call.promptTokens, maxTokens: call.maxTokens,
                                                        ready: arrival + llm.queueWait()) else {
            var response = Self.llmError(HTTPStatusCode(503, phrase: "Service Unavailable"),
                                         "the server is at capacity: every batch slot is busy and the queue is full",
                                         type: "server_error")
            response.headers[HTTPHeader("Retry-After")] = "1"
            return response
        }
        let id = llm.nextID(chat: call.chat)
        let created = Int(Date().timeIntervalSince1970)
        guard call.stream else {
            // Cancelling this handler (the client left) cancels the wait, which frees the slot.
            for await _ in tokens {}
            try Task.checkCancellation()
            return HTTPResponse(statusCode: .ok, headers: [.contentType: "application/json"],
                                body: Data(LLMEndpoint.completion(call, id: id, created: created).utf8))
        }
        let count = call.maxTokens
        let fault = llm.fault
        let head = call.chat ? Self.sseEvent(LLMEndpoint.chunk(call, id: id, created: created, content: "", role: true)) : Data()
        let tail = Self.closingEvents(call, id: id, created: created, count: count, fault: fault).map(Self.sseEvent)
            .reduce(Data(), +)
        let body = TokenStreamBody(
            tokens: tokens, head: head,
            event: { index in
                Self.tokenEvent(call, id: id, created: created, index: index, count: count, fault: fault).map(Self.sseEvent)
            },
            tail: tail,
            lease: .init { [weak scheduler] in scheduler?.cancel(requestID) })
        return HTTPResponse(statusCode: .ok,
                            headers: [.contentType: "text/event-stream", .cacheControl: "no-cache"],
                            body: HTTPBodySequence(from: body))
    }

    /// One server-sent event carrying `payload`.
    @Sendable static func sseEvent(_ payload: String) -> Data {
        Data("data: \(payload)\n\n".utf8)
    }
}
