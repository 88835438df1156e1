/// A five-field cron expression (`minute hour day-of-month month day-of-week`), evaluated in
/// UTC, with the syntax and day rule of Vixie cron (crontab(5)): `*`, numbers, ranges `a-b`,
/// steps `*/n`, `a-b/n` and `a/n`, lists `a,b`, month and weekday names (`JAN`, `MON`), weekday 7
/// as Sunday, and the macros `@hourly`, `@daily`/`@midnight`, `@weekly`, `@monthly`,
/// `@yearly`/`@annually`. When both day fields are restricted (neither starts with `*`), a day
/// matches if either does, as in Vixie cron.
public struct CronExpression: Sendable, Equatable {
    /// The expression as written.
    public let text: String
    let minutes: UInt64
    let hours: UInt64
    let daysOfMonth: UInt64
    let months: UInt64
    let daysOfWeek: UInt64
    let dayOfMonthRestricted: Bool
    let dayOfWeekRestricted: Bool

    /// Parses `text`; the error names the field and what is wrong with it.
    public init(_ text: String) throws(CronError) {
        self.text = text
        let trimmed = String(text.trimmingWhitespace())
        let expanded = Self.macros[trimmed.lowercased()] ?? trimmed
        if expanded.hasPrefix("@") { throw CronError(text, "unknown macro '\(expanded)'") }
        let fields = expanded.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        guard fields.count == 5 else {
            throw CronError(text, "needs 5 fields (minute hour day-of-month month day-of-week), found \(fields.count)")
        }
        minutes = try Self.parse(fields[0], field: "minute", range: 0...59, names: [:], expression: text)
        hours = try Self.parse(fields[1], field: "hour", range: 0...23, names: [:], expression: text)
        daysOfMonth = try Self.parse(fields[2], field: "day-of-month", range: 1...31, names: [:], expression: text)
        months = try Self.parse(fields[3], field: "month", range: 1...12, names: Self.monthNames, expression: text)
        let weekdays = try Self.parse(fields[4], field: "day-of-week", range: 0...7, names: Self.weekdayNames, expression: text)
        // 7 is another name for Sunday.
        daysOfWeek = (weekdays & ~(1 << 7)) | (weekdays >> 7 & 1)
        dayOfMonthRestricted = !fields[2].hasPrefix("*")
        dayOfWeekRestricted = !fields[4].hasPrefix("*")
    }

    /// The first matching minute strictly after `epochSeconds`, in seconds since the epoch, or
    /// `nil` when none comes within about 400 years (`0 0 30 2 *`, the 30th of February).
    public func next(afterEpochSeconds epochSeconds: Int64) -> Int64? {
        var minute = CivilTime.floorDiv(epochSeconds, 60) + 1
        // Each step skips a whole month, day, hour or minute that cannot match, so even a
        // rare date (29 February on a Monday) is found in a few thousand steps.
        for _ in 0..<200_000 {
            let days = CivilTime.floorDiv(minute, 1440)
            let date = CivilTime.civil(fromDays: days)
            if !Self.has(months, date.month) {
                let nextMonth = date.month == 12 ? (date.year + 1, 1) : (date.year, date.month + 1)
                minute = CivilTime.days(year: nextMonth.0, month: nextMonth.1, day: 1) * 1440
                continue
            }
            if !dayMatches(dayOfMonth: date.day, weekday: CivilTime.weekday(ofDays: days)) {
                minute = (days + 1) * 1440
                continue
            }
            let minuteOfDay = Int(minute - days * 1440)
            if !Self.has(hours, minuteOfDay / 60) {
                minute = days * 1440 + Int64(minuteOfDay / 60 + 1) * 60
                continue
            }
            if !Self.has(minutes, minuteOfDay % 60) {
                minute += 1
                continue
            }
            return minute * 60
        }
        return nil
    }

    func dayMatches(dayOfMonth: Int, weekday: Int) -> Bool {
        let byMonth = Self.has(daysOfMonth, dayOfMonth)
        let byWeek = Self.has(daysOfWeek, weekday)
        if dayOfMonthRestricted && dayOfWeekRestricted { return byMonth || byWeek }
        return byMonth && byWeek
    }

    static func has(_ set: UInt64, _ value: Int) -> Bool { set >> UInt64(value) & 1 == 1 }

    static let macros = ["@hourly": "0 * * * *", "@daily": "0 0 * * *", "@midnight": "0 0 * * *",
                         "@weekly": "0 0 * * 0", "@monthly": "0 0 1 * *", "@yearly": "0 0 1 1 *",
                         "@annually": "0 0 1 1 *"]
    static let monthNames = ["jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8,
                             "sep": 9, "oct": 10, "nov": 11, "dec": 12]
    static let weekdayNames = ["sun": 0, "mon": 1, "tue": 2, "wed": 3, "thu": 4, "fri": 5, "sat": 6]

    /// One field as a bit set of the values it allows.
    static func parse(_ field: String, field name: String, range: ClosedRange<Int>, names: [String: Int],
                      expression: String) throws(CronError) -> UInt64 {
        var set: UInt64 = 0
        for item in field.split(separator: ",", omittingEmptySubsequences: false).map(String.init) {
            let parts = item.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
            guard parts.count <= 2, !parts[0].isEmpty else {
                throw CronError(expression, "\(name) field '\(field)': '\(item)' is not a value, range or step")
            }
            var step = 1
            if parts.count == 2 {
                guard let value = Int(parts[1]), value >= 1, value <= range.upperBound else {
                    throw CronError(expression, "\(name) field '\(field)': step '\(parts[1])' must be 1 to \(range.upperBound)")
                }
                step = value
            }
            let low: Int, high: Int
            if parts[0] == "*" {
                (low, high) = (range.lowerBound, range.upperBound)
            } else if let dash = parts[0].firstIndex(of: "-") {
                low = try value(String(parts[0][..<dash]), name, field, range, names, expression)
                high = try value(String(parts[0][parts[0].index(after: dash)...]), name, field, range, names, expression)
                guard low <= high else {
                    throw CronError(expression, "\(name) field '\(field)': range '\(parts[0])' runs backwards")
                }
            } else {
                low = try value(parts[0], name, field, range, names, expression)
                // `a/n` means from a to the end of the range in steps of n.
                high = parts.count == 2 ? range.upperBound : low
            }
            for v in stride(from: low, through: high, by: step) { set |= 1 << UInt64(v) }
        }
        return set
    }

    private static func value(_ text: String, _ name: String, _ field: String, _ range: ClosedRange<Int>,
                              _ names: [String: Int], _ expression: String) throws(CronError) -> Int {
        if let named = names[text.lowercased()] { return named }
        guard let number = Int(text), range.contains(number) else {
            throw CronError(expression, "\(name) field '\(field)': '\(text)' is not in \(range.lowerBound)-\(range.upperBound)")
        }
        return number
    }
}

/// A cron expression that cannot be parsed; the message names the field.
public struct CronError: Error, Sendable, Equatable, CustomStringConvertible {
    public var expression: String
    public var problem: String

    init(_ expression: String, _ problem: String) {
        self.expression = expression
        self.problem = problem
    }

    public var description: String { "cron '\(expression)': \(problem)" }
}
