import FlyingFox
import Foundation

/// The OpenAI-compatible routes of an emulated provider with an `llm` model:
/// `POST /v1/chat/completions` and `POST /v1/completions`, streamed as server-sent events
/// (`stream: true`: a role chunk at once, one content chunk per token at the model's times, a
/// usage chunk when `stream_options.include_usage` is true, then `data: [DONE]`) or answered
/// whole. The provider's latency model does not apply here: `llm.queue` stands for everything
/// before prefill. With a capacity (`llm.batch`) the token times come from the provider's
/// ``LLMScheduler`` instead of being drawn per request. `llm_fault` breaks the stream for tests.
extension ProviderHandler {
    /// The response of an LLM route, or nil for another path. `fault` is the fault this request
    /// gets; only `stall` and `status:N` apply to these routes.
    func llmResponse(_ request: HTTPRequest, arrival: ContinuousClock.Instant,
                     fault: EmulatedProviderSpec.Fault) async throws -> HTTPResponse? {
        let chat = request.path == "/v1/chat/completions"
        guard chat || request.path == "/v1/completions" else { return nil }
        guard let llm else {
            return Self.llmError(.notFound, "this emulated provider serves no model", type: "not_found_error")
        }
        guard request.method == .POST else {
            return Self.llmError(HTTPStatusCode(405, phrase: "Method Not Allowed"), "use POST", type: "invalid_request_error")
        }
        _ = state.begin { _ in .zero }
        defer { state.end() }
        let body = try await request.bodyData
        guard let call = LLMEndpoint.parse(body, chat: chat) else {
            return Self.llmError(.badRequest, chat ? "expected a JSON body with messages" : "expected a JSON body with prompt",
                                 type: "invalid_request_error")
        }
        switch fault {
        case .stall: while true { try await Task.sleep(for: .seconds(3600)) }
        case .status(let code):
            return Self.llmError(HTTPStatusCode(code, phrase: "Error"), "emulated failure", type: "server_error")
        default: break
        }
        if llm.fault == .rateLimited {
            var response = Self.llmError(HTTPStatusCode(429, phrase: "Too Many Requests"), "rate limit reached",
                                         type: "rate_limit_error")
            response.headers[HTTPHeader("Retry-After")] = "2"
            return response
        }
        if let scheduler = llm.scheduler {
            return try await batchedResponse(call, llm: llm, scheduler: scheduler, arrival: arrival)
        }
        let timing = llm.timing(for: call)
        let id = llm.nextID(chat: chat)
        let created = Int(Date().timeIntervalSince1970)
        let end = arrival + (timing.tokenOffsets.last ?? .zero)
        guard call.stream else {
            try await Task.sleep(until: end, clock: .continuous)
            return HTTPResponse(statusCode: .ok, headers: [.contentType: "application/json"],
                                body: Data(LLMEndpoint.completion(call, id: id, created: created).utf8))
        }
        var pieces: [Data] = []
        var deadlines: [ContinuousClock.Instant] = []
        func add(_ event: String, at instant: ContinuousClock.Instant) {
            pieces.append(Data("data: \(event)\n\n".utf8))
            deadlines.append(instant)
        }
        if chat { add(LLMEndpoint.chunk(call, id: id, created: created, content: "", role: true), at: arrival) }
        let count = timing.tokenOffsets.count
        for (index, offset) in timing.tokenOffsets.enumerated() {
            guard let event = Self.tokenEvent(call, id: id, created: created, index: index, count: count, fault: llm.fault) else {
                break
            }
            add(event, at: arrival + offset)
        }
        for event in Self.closingEvents(call, id: id, created: created, count: count, fault: llm.fault) {
            add(event, at: end)
        }
        let stream = PacedBody(pieces: pieces, interval: .zero, deadlines: deadlines)
        return HTTPResponse(statusCode: .ok,
                            headers: [.contentType: "text/event-stream", .cacheControl: "no-cache"],
                            body: HTTPBodySequence(from: stream))
    }

    /// The event of token `index` of `count`, or nil where `llm_fault: cut` ends the stream
    /// (halfway); `broken_json` makes that event cut-off JSON instead.
    static func tokenEvent(_ call: LLMEndpoint.Call, id: String, created: Int, index: Int, count: Int,
                           fault: EmulatedProviderSpec.LLMFault?) -> String? {
        if fault == .cut && index == count / 2 { return nil }
        if fault == .brokenJSON && index == count / 2 { return #"{"id":"\#(id)","choices":[{"delta":{"content":"bro"# }
        return LLMEndpoint.chunk(call, id: id, created: created, content: LLMEndpoint.token(index),
                                 finish: index == count - 1 ? "length" : nil)
    }

    /// The events after the last token: usage (when asked for) and `[DONE]`; none for a `cut` stream.
    static func closingEvents(_ call: LLMEndpoint.Call, id: String, created: Int, count: Int,
                              fault: EmulatedProviderSpec.LLMFault?) -> [String] {
        guard fault != .cut else { return [] }
        var events: [String] = []
        if call.includeUsage {
            events.append(LLMEndpoint.chunk(call, id: id, created: created, content: nil,
                                            usage: LLMEndpoint.usage(call, completion: count)))
        }
        return events + ["[DONE]"]
    }

    /// An OpenAI-style error body.
    static func llmError(_ status: HTTPStatusCode, _ message: String, type: String) -> HTTPResponse {
        let body = LLMEndpoint.json(["error": ["message": message, "type": type, "code": NSNull()] as [String: Any]])
        return HTTPResponse(statusCode: status, headers: [.contentType: "application/json"], body: Data(body.utf8))
    }
}
