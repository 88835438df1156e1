/// A provider's price in the report's currency, ready for the decision model.
public struct ResolvedPrice: Sendable, Equatable, Codable {
    /// The provider's configured name.
    public var provider: String
    /// Per machine-hour, report currency.
    public var perHour: Double
    /// Per GiB of egress, report currency.
    public var egressPerGiB: Double
    /// The report's currency.
    public var currency: String
    /// Billing granularity, seconds.
    public var billingSeconds: Double
    /// The stated (unmeasured) wait, seconds; labelled as stated wherever it is used.
    public var statedWaitSeconds: Double
    /// Where the price came from: `config`, or `catalog vms.csv:12 (spot)`.
    public var origin: String

    /// Resolves every priced provider of `config` into the report currency. `catalogs` maps each
    /// catalog file named in the configuration to its text (the caller reads the files, relative
    /// to the configuration's directory). A catalog that is missing from `catalogs`, malformed,
    /// or lacks the instance type or region is a `ConfigError` naming file, line and field.
    public static func resolve(_ config: Config, catalogs: [String: String]) throws(ConfigError) -> [ResolvedPrice] {
        var parsed: [String: PriceCatalog] = [:]
        var result: [ResolvedPrice] = []
        let report = config.currency.currency ?? "USD"
        for (index, provider) in config.providers.enumerated() {
            guard let pricing = provider.pricing else { continue }
            let field = "providers[\(index)].price"
            let amount: Double
            let origin: String
            switch pricing.source {
            case let .perHour(value):
                amount = value
                origin = "config"
            case let .catalog(reference):
                if parsed[reference.file] == nil {
                    guard let text = catalogs[reference.file] else {
                        throw ConfigError(source: config.source, line: pricing.line, field: "\(field).catalog.file",
                                          problem: "catalog '\(reference.file)' was not read")
                    }
                    parsed[reference.file] = try PriceCatalog(text: text, source: reference.file)
                }
                let (value, line) = try parsed[reference.file]!.price(for: reference, configSource: config.source,
                                                                      field: "\(field).catalog")
                amount = value
                origin = "catalog \(reference.file):\(line)\(reference.spot ? " (spot)" : "")"
            }
            let rate = pricing.currency == report ? 1 : (config.currency.rates[pricing.currency] ?? .nan)
            result.append(ResolvedPrice(provider: provider.name, perHour: amount * rate, egressPerGiB: pricing.egressPerGiB * rate,
                                        currency: report, billingSeconds: pricing.billing.seconds,
                                        statedWaitSeconds: pricing.statedWait.seconds, origin: origin))
        }
        return result
    }
}
