/// The price of an accepted bid as the provider quoted it (Akash: an amount of a token's
/// denomination per block), and the same price per hour in a currency when the configuration
/// states a token rate and a block time (`AkashPreset.tokenRate`, `.blockTime`).
public struct BidPrice: Sendable, Equatable {
    /// Amount per block, in `denom` (Akash bids quote decimals such as `12.5` uakt).
    public var amountPerBlock: Double
    /// The token denomination, e.g. `uakt`.
    public var denom: String
    /// Converted: `amountPerBlock × rate × 3600 s / block time`; nil without a rate for `denom`.
    public var perHour: Double?
    /// The currency of `perHour`.
    public var currency: String?

    public init(amountPerBlock: Double, denom: String, perHour: Double? = nil, currency: String? = nil) {
        self.amountPerBlock = amountPerBlock
        self.denom = denom
        self.perHour = perHour
        self.currency = currency
    }

    /// A quoted bid converted with `rate` (currency per unit of `denom`) at one block every `blockTime`.
    public init(amountPerBlock: Double, denom: String, rate: TokenRate?, blockTime: Duration?) {
        self.init(amountPerBlock: amountPerBlock, denom: denom)
        if let rate, rate.denom == denom, let blockTime, blockTime > .zero {
            perHour = amountPerBlock * rate.perUnit * 3600 / blockTime.seconds
            currency = rate.currency
        }
    }
}

/// What one unit of a token's denomination is worth: `token_rate: {uakt: 0.000003, currency: USD}`.
public struct TokenRate: Sendable, Equatable {
    public var denom: String
    public var perUnit: Double
    public var currency: String

    public init(denom: String, perUnit: Double, currency: String) {
        self.denom = denom
        self.perUnit = perUnit
        self.currency = currency
    }
}
