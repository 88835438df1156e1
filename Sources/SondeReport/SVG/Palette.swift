/// How one provider is drawn in every chart of a report, so a colour means one provider
/// throughout.
struct SeriesStyle: Sendable, Equatable {
    var colour: String
    /// The baseline is drawn dark and dashed: distinct without relying on hue.
    var isBaseline: Bool

    var dash: String? { isBaseline ? "6 3" : nil }
}

/// Okabe & Ito's colour-blind-safe palette (2008), without its yellow, which is unreadable on
/// white; the baseline gets near-black.
enum Palette {
    static let colours = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00"]
    static let baseline = "#222222"
    static let grid = "#DDDDDD"
    static let axis = "#555555"
    static let muted = "#555555"

    /// Styles for `names` in order: the baseline near-black, the others cycling the palette.
    static func styles(_ names: [String], baseline: String?) -> [String: SeriesStyle] {
        var out: [String: SeriesStyle] = [:]
        var next = 0
        for name in names where out[name] == nil {
            if name == baseline {
                out[name] = SeriesStyle(colour: Self.baseline, isBaseline: true)
            } else {
                out[name] = SeriesStyle(colour: colours[next % colours.count], isBaseline: false)
                next += 1
            }
        }
        return out
    }
}
