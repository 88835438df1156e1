/// What a provider charges and how long one waits for it, as configured on the provider
/// (`price:`, `billing:`, `wait:`; docs/config.md, "Prices and workloads").
public struct ProviderPricing: Sendable, Equatable {
    /// Where the hourly price comes from.
    public var source: PriceSource
    /// The currency of `source` (ISO 4217 code as written, e.g. USD).
    public var currency: String
    /// Price per GiB sent out of the provider, in `currency`.
    public var egressPerGiB: Double
    /// Billing granularity: each machine's life is rounded up to a multiple (`billing: 1s`, `1h`).
    public var billing: Duration
    /// A wait that cannot be measured (a quota request), stated per provider; never billed.
    public var statedWait: Duration
    /// The configuration line of the `price` block, for errors found when a catalog is read.
    public var line: Int?

    /// A price; billing defaults to 1 s steps and the stated wait to none.
    public init(source: PriceSource, currency: String, egressPerGiB: Double = 0, billing: Duration = .seconds(1),
                statedWait: Duration = .zero, line: Int? = nil) {
        self.source = source
        self.currency = currency
        self.egressPerGiB = egressPerGiB
        self.billing = billing
        self.statedWait = statedWait
        self.line = line
    }
}

/// Where an hourly price comes from.
public enum PriceSource: Sendable, Equatable {
    /// `per_hour: 2.10` (or `per_gpu_hour` × `gpus`, multiplied when parsed).
    case perHour(Double)
    /// A row of a SkyPilot `vms.csv` catalog, read by the caller and resolved by `PriceCatalog`.
    case catalog(CatalogReference)
}

/// `catalog: {file: vms.csv, instance_type: p4d.24xlarge, region: us-east-1, zone: us-east-1a}` with `spot: true`.
public struct CatalogReference: Sendable, Equatable {
    /// The catalog file as written (relative to the configuration's directory).
    public var file: String
    /// `InstanceType` to match.
    public var instanceType: String
    /// `Region` to match.
    public var region: String
    /// A specific availability zone; nil takes the region's cheapest priced zone.
    public var zone: String?
    /// Use the `SpotPrice` column instead of `Price`.
    public var spot: Bool
    /// Lines of the configuration, so that a failed match names them.
    public var instanceTypeLine: Int?
    /// Line of `region`, for the same reason.
    public var regionLine: Int?

    /// A catalog row reference.
    public init(file: String, instanceType: String, region: String, zone: String? = nil, spot: Bool = false,
                instanceTypeLine: Int? = nil, regionLine: Int? = nil) {
        self.file = file
        self.instanceType = instanceType
        self.region = region
        self.zone = zone
        self.spot = spot
        self.instanceTypeLine = instanceTypeLine
        self.regionLine = regionLine
    }
}

/// The `prices:` section: the report's one currency and the rates that convert others into it.
public struct CurrencySettings: Sendable, Equatable {
    /// The report's currency; nil takes the providers' one currency.
    public var currency: String?
    /// Units of the report currency per unit of each other currency (`EUR: 1.08`).
    public var rates: [String: Double]

    /// Currency settings; none means the providers' one currency.
    public init(currency: String? = nil, rates: [String: Double] = [:]) {
        self.currency = currency
        self.rates = rates
    }
}
