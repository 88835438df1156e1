import Yams

extension ConfigLoader {
    static let priceKeys: Set<String> = ["per_hour", "per_gpu_hour", "gpus", "currency", "spot", "catalog", "egress_per_gib"]
    static let catalogKeys: Set<String> = ["file", "instance_type", "region", "zone"]
    static let pricesKeys: Set<String> = ["currency", "rates"]

    /// `providers[i].price`, `.billing` and `.wait` (docs/config.md, "Prices and workloads");
    /// nil when the provider names none of them.
    static func parsePricing(_ fields: [String: Node], _ field: String, _ reader: YAMLReader) throws(ConfigError) -> ProviderPricing? {
        guard fields["price"] != nil || fields["billing"] != nil || fields["wait"] != nil else { return nil }
        guard let node = fields["price"] else {
            let other = fields["billing"] ?? fields["wait"]
            throw reader.error(other, "\(field).price", "is missing (billing and wait need a price)")
        }
        let price = try reader.mapping(node, "\(field).price", allowed: priceKeys)
        func amount(_ key: String) throws(ConfigError) -> Double? {
            guard let n = price[key] else { return nil }
            let text = try reader.string(n, "\(field).price.\(key)")
            guard let value = Double(text), value.isFinite else { throw reader.error(n, "\(field).price.\(key)", "'\(text)' is not a number") }
            guard value >= 0 else { throw reader.error(n, "\(field).price.\(key)", "\(text) is negative") }
            return value
        }
        let sources = ["per_hour", "per_gpu_hour", "catalog"].filter { price[$0] != nil }
        guard sources.count == 1 else {
            throw reader.error(node, "\(field).price", "needs exactly one of per_hour, per_gpu_hour or catalog")
        }
        let source: PriceSource
        if let perHour = try amount("per_hour") {
            source = .perHour(perHour)
        } else if let perGPU = try amount("per_gpu_hour") {
            guard let gpusNode = price["gpus"] else { throw reader.error(node, "\(field).price.gpus", "is missing (per_gpu_hour needs gpus)") }
            source = .perHour(perGPU * Double(try reader.integer(gpusNode, "\(field).price.gpus", in: 1...4096)))
        } else {
            let catalogNode = price["catalog"]!
            let catalog = try reader.mapping(catalogNode, "\(field).price.catalog", allowed: catalogKeys)
            func required(_ key: String) throws(ConfigError) -> Node {
                guard let n = catalog[key] else { throw reader.error(catalogNode, "\(field).price.catalog.\(key)", "is missing") }
                return n
            }
            let typeNode = try required("instance_type")
            let regionNode = try required("region")
            var reference = CatalogReference(
                file: try reader.string(try required("file"), "\(field).price.catalog.file"),
                instanceType: try reader.string(typeNode, "\(field).price.catalog.instance_type"),
                region: try reader.string(regionNode, "\(field).price.catalog.region"),
                instanceTypeLine: typeNode.mark?.line, regionLine: regionNode.mark?.line)
            if let n = catalog["zone"] { reference.zone = try reader.string(n, "\(field).price.catalog.zone") }
            if let n = price["spot"] { reference.spot = try reader.bool(n, "\(field).price.spot") }
            source = .catalog(reference)
        }
        if price["spot"] != nil, price["catalog"] == nil {
            throw reader.error(price["spot"], "\(field).price.spot", "applies to a catalog price only (state the spot price in per_hour)")
        }
        if price["gpus"] != nil, price["per_gpu_hour"] == nil {
            throw reader.error(price["gpus"], "\(field).price.gpus", "applies to per_gpu_hour only")
        }
        let currency: String
        if let n = price["currency"] {
            currency = try currencyCode(n, "\(field).price.currency", reader)
        } else if case .catalog = source {
            currency = "USD"  // SkyPilot's catalogs are priced in US dollars
        } else {
            throw reader.error(node, "\(field).price.currency", "is missing (e.g. currency: USD)")
        }
        var pricing = ProviderPricing(source: source, currency: currency, egressPerGiB: try amount("egress_per_gib") ?? 0,
                                      line: node.mark?.line)
        if let n = fields["billing"] { pricing.billing = try reader.duration(n, "\(field).billing") }
        if let n = fields["wait"] {
            // Zero is meaningful (a stated "no wait"), unlike most durations.
            let text = try reader.string(n, "\(field).wait")
            guard let value = Grammar.duration(text) else {
                throw reader.error(n, "\(field).wait", "'\(text)' is not a duration (use e.g. 0s, 4h, 21d)")
            }
            pricing.statedWait = value
        }
        return pricing
    }

    /// The `prices:` section, and the rule that a report has one currency: every provider's
    /// currency is the report's or has a stated rate.
    static func parseCurrency(_ node: Node?, providers: [ProviderConfig], providerNodes: [Node],
                              _ reader: YAMLReader) throws(ConfigError) -> CurrencySettings {
        var settings = CurrencySettings()
        if let node {
            let fields = try reader.mapping(node, "prices", allowed: pricesKeys)
            if let n = fields["currency"] { settings.currency = try currencyCode(n, "prices.currency", reader) }
            if let ratesNode = fields["rates"] {
                guard case let .mapping(mapping) = ratesNode else {
                    throw reader.error(ratesNode, "prices.rates", "must map currencies to rates (EUR: 1.08)")
                }
                for (keyNode, value) in mapping {
                    let code = try currencyCode(keyNode, "prices.rates", reader)
                    settings.rates[code] = try reader.number(value, "prices.rates.\(code)", in: 1e-12...1e12)
                }
            }
        }
        let priced = providers.enumerated().compactMap { pair in pair.element.pricing.map { (pair.offset, $0) } }
        // An akash provider without price: is priced from its accepted bids, in its token rate's currency.
        let bidPriced = providers.enumerated().compactMap { pair in
            pair.element.pricing == nil ? pair.element.provision?.akash?.tokenRate.map { (pair.offset, $0.currency) } : nil
        }
        guard let report = settings.currency ?? priced.first?.1.currency ?? bidPriced.first?.1 else { return settings }
        for (index, pricing) in priced where pricing.currency != report && settings.rates[pricing.currency] == nil {
            throw ConfigError(source: reader.source, line: pricing.line ?? providerNodes[index].mark?.line,
                              field: "providers[\(index)].price.currency",
                              problem: "\(pricing.currency) differs from the report's \(report) and prices.rates states no \(pricing.currency) rate")
        }
        for (index, currency) in bidPriced where currency != report && settings.rates[currency] == nil {
            throw ConfigError(source: reader.source, line: providerNodes[index].mark?.line,
                              field: "providers[\(index)].provision.token_rate.currency",
                              problem: "\(currency) differs from the report's \(report) and prices.rates states no \(currency) rate")
        }
        settings.currency = report
        return settings
    }

    static func currencyCode(_ node: Node, _ field: String, _ reader: YAMLReader) throws(ConfigError) -> String {
        let text = try reader.string(node, field)
        guard text.count == 3, text.allSatisfy({ $0.isASCII && $0.isLetter }) else {
            throw reader.error(node, field, "'\(text)' is not a currency code (three letters, e.g. USD)")
        }
        return text.uppercased()
    }
}
