import Foundation

/// Reading one JSON document (a line of a JSON-lines file, or a whole file) into Foundation's
/// plain values, with typed field access whose failures name the field.
struct JSONObject {
    let fields: [String: Any]

    /// Parses `text`; nil when it is not a JSON object.
    init?(parsing text: Substring) {
        guard let data = text.data(using: .utf8),
              let object = try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]) as? [String: Any] else {
            return nil
        }
        fields = object
    }

    init(_ fields: [String: Any]) { self.fields = fields }

    enum FieldError: Error { case missing(String), wrongType(String, String) }

    func has(_ key: String) -> Bool { fields[key] != nil && !(fields[key] is NSNull) }

    func string(_ key: String) throws(FieldError) -> String {
        guard let value = fields[key], !(value is NSNull) else { throw .missing(key) }
        guard let text = value as? String else { throw .wrongType(key, "a string") }
        return text
    }

    func optionalString(_ key: String) throws(FieldError) -> String? {
        has(key) ? try string(key) : nil
    }

    func number(_ key: String) throws(FieldError) -> Double {
        guard let value = fields[key], !(value is NSNull) else { throw .missing(key) }
        guard let number = JSONObject.number(value) else { throw .wrongType(key, "a number") }
        return number
    }

    /// An integer field; a JSON number with a fraction is refused. Integers arrive exactly
    /// (not through a Double), so nanosecond counts keep every digit.
    func integer(_ key: String) throws(FieldError) -> Int64 {
        guard let value = fields[key], !(value is NSNull) else { throw .missing(key) }
        guard let exact = JSONObject.integer(value) else { throw .wrongType(key, "an integer") }
        return exact
    }

    func object(_ key: String) throws(FieldError) -> JSONObject {
        guard let value = fields[key], !(value is NSNull) else { throw .missing(key) }
        guard let object = value as? [String: Any] else { throw .wrongType(key, "an object") }
        return JSONObject(object)
    }

    func array(_ key: String) throws(FieldError) -> [Any] {
        guard let value = fields[key], !(value is NSNull) else { throw .missing(key) }
        guard let array = value as? [Any] else { throw .wrongType(key, "an array") }
        return array
    }

    /// Foundation hands JSON booleans over as NSNumbers of C type `c`; they are not numbers here.
    static func isBool(_ number: NSNumber) -> Bool {
        String(cString: number.objCType) == "c"
    }

    static func integer(_ value: Any) -> Int64? {
        guard let number = value as? NSNumber, !isBool(number) else { return nil }
        switch String(cString: number.objCType) {
        case "q", "l", "i", "s", "Q", "L", "I", "S": return number.int64Value
        default:
            let double = number.doubleValue
            guard double.isFinite, double == double.rounded(), abs(double) < 9.0e15 else { return nil }
            return Int64(double)
        }
    }

    /// A JSON number (not a boolean) as a Double.
    static func number(_ value: Any) -> Double? {
        guard let number = value as? NSNumber, !isBool(number) else { return nil }
        return number.doubleValue
    }
}

extension JSONObject.FieldError {
    /// One line for an import error.
    var text: String {
        switch self {
        case let .missing(key): return "missing field \"\(key)\""
        case let .wrongType(key, what): return "field \"\(key)\" is not \(what)"
        }
    }
}
