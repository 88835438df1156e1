/// Appends SVG elements to a string. Every attribute value and text node passes through
/// `HTML.escape`, and every number through `SVGNumber`, so callers cannot forget either.
struct SVGWriter {
    private(set) var text = ""

    /// `<tag a="v" ...>` or, without children, `<tag ... />`.
    mutating func open(_ tag: String, _ attributes: [(String, String)] = [], selfClosing: Bool = false) {
        text += "<" + tag
        for (name, value) in attributes {
            text += " \(name)=\"\(HTML.escape(value))\""
        }
        text += selfClosing ? "/>\n" : ">"
    }

    mutating func close(_ tag: String) { text += "</\(tag)>\n" }

    /// Appends `other`'s elements.
    mutating func append(_ other: SVGWriter) { text += other.text }

    /// A group; `body` writes its children.
    mutating func group(_ attributes: [(String, String)] = [], _ body: (inout SVGWriter) -> Void) {
        open("g", attributes)
        text += "\n"
        body(&self)
        close("g")
    }

    mutating func line(_ x1: Double, _ y1: Double, _ x2: Double, _ y2: Double, stroke: String, width: Double = 1,
                       dash: String? = nil) {
        var attributes = [("x1", n(x1)), ("y1", n(y1)), ("x2", n(x2)), ("y2", n(y2)), ("stroke", stroke)]
        if width != 1 { attributes.append(("stroke-width", n(width))) }
        if let dash { attributes.append(("stroke-dasharray", dash)) }
        open("line", attributes, selfClosing: true)
    }

    mutating func rect(_ x: Double, _ y: Double, _ width: Double, _ height: Double, fill: String,
                       stroke: String? = nil, opacity: Double? = nil, tooltip: String? = nil) {
        var attributes = [("x", n(x)), ("y", n(y)), ("width", n(max(width, 0))), ("height", n(max(height, 0))), ("fill", fill)]
        if let stroke { attributes.append(("stroke", stroke)) }
        if let opacity { attributes.append(("fill-opacity", n2(opacity))) }
        element("rect", attributes, tooltip: tooltip)
    }

    mutating func circle(_ cx: Double, _ cy: Double, radius: Double, fill: String, stroke: String? = nil, tooltip: String? = nil) {
        var attributes = [("cx", n(cx)), ("cy", n(cy)), ("r", n(radius)), ("fill", fill)]
        if let stroke { attributes.append(("stroke", stroke)) }
        element("circle", attributes, tooltip: tooltip)
    }

    /// A polyline through `points`, or nothing for fewer than two points.
    mutating func polyline(_ points: [(Double, Double)], stroke: String, width: Double = 1.5, dash: String? = nil) {
        guard points.count > 1 else { return }
        let list = points.map { "\(n($0.0)),\(n($0.1))" }.joined(separator: " ")
        var attributes = [("points", list), ("fill", "none"), ("stroke", stroke), ("stroke-width", n(width)),
                          ("stroke-linejoin", "round")]
        if let dash { attributes.append(("stroke-dasharray", dash)) }
        open("polyline", attributes, selfClosing: true)
    }

    /// A closed filled shape through `points`.
    mutating func polygon(_ points: [(Double, Double)], fill: String, opacity: Double) {
        guard points.count > 2 else { return }
        let list = points.map { "\(n($0.0)),\(n($0.1))" }.joined(separator: " ")
        open("polygon", [("points", list), ("fill", fill), ("fill-opacity", n2(opacity)), ("stroke", "none")], selfClosing: true)
    }

    /// Text at (x, y); `anchor` is start, middle or end.
    mutating func label(_ content: String, _ x: Double, _ y: Double, anchor: String = "start", size: Double? = nil,
                        weight: String? = nil, fill: String = "#222", rotate: Bool = false) {
        var attributes = [("x", n(x)), ("y", n(y))]
        if anchor != "start" { attributes.append(("text-anchor", anchor)) }
        if let size { attributes.append(("font-size", n(size))) }
        if let weight { attributes.append(("font-weight", weight)) }
        attributes.append(("fill", fill))
        if rotate { attributes.append(("transform", "rotate(-90 \(n(x)) \(n(y)))")) }
        open("text", attributes)
        text += HTML.escape(content)
        close("text")
    }

    /// Shape with an optional `<title>` child: a hover tooltip on screens, ignored in print.
    private mutating func element(_ tag: String, _ attributes: [(String, String)], tooltip: String?) {
        guard let tooltip else { return open(tag, attributes, selfClosing: true) }
        open(tag, attributes)
        text += "<title>\(HTML.escape(tooltip))</title>"
        close(tag)
    }

    private func n(_ value: Double) -> String { SVGNumber.coordinate(value) }
    private func n2(_ value: Double) -> String { NumberFormatting.fixed(value, digits: 2) }
}
