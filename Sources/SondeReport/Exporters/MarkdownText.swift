import Foundation

/// Text from configuration or servers, made inert in Markdown: it can neither open a table cell
/// nor an HTML element.
enum MarkdownText {
    static func escape(_ text: String) -> String {
        var out = ""
        let characters = Array(text)
        for (index, character) in characters.enumerated() {
            switch character {
            case "|": out += "\\|"
            // Only a "<" that could open a tag or comment needs escaping; "p < 0.001" stays readable.
            case "<" where index + 1 < characters.count && (characters[index + 1].isLetter || "/!?".contains(characters[index + 1])):
                out += "&lt;"
            case "&": out += "&amp;"
            case "`", "*", "_", "[", "]", "\\": out += "\\\(character)"
            case "\n", "\r": out += " "
            default: out.append(character)
            }
        }
        return out
    }
}
