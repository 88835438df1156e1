import Foundation
import Testing
@testable import SondeCore

struct PriceCatalogTests {
    /// Rows in SkyPilot's vms.csv layout (GpuInfo is a quoted dictionary holding commas).
    static let catalog = """
    InstanceType,AcceleratorName,AcceleratorCount,vCPUs,MemoryGiB,GpuInfo,Price,SpotPrice,Region,AvailabilityZone
    p4d.24xlarge,A100,8,96,1152,"{'Gpus': [{'Name': 'A100', 'Manufacturer': 'NVIDIA', 'Count': 8, 'MemoryInfo': {'SizeInMiB': 40960}}], 'TotalGpuMemoryInMiB': 327680}",32.7726,9.8318,us-east-1,us-east-1a
    p4d.24xlarge,A100,8,96,1152,"{'Gpus': [{'Name': 'A100', 'Count': 8}]}",32.7726,10.1,us-east-1,us-east-1b
    p4d.24xlarge,A100,8,96,1152,"{'Gpus': [{'Name': 'A100', 'Count': 8}]}",40.9657,,eu-west-1,eu-west-1a
    m6i.large,,,2,8,,0.096,0.0367,us-east-1,us-east-1a

    """
    static let configText = """
    providers:
      - name: aws
        kind: centralized
        endpoint: http://127.0.0.1:1/
        price:
          catalog: { file: vms.csv, instance_type: p4d.24xlarge, region: us-east-1 }
          spot: true

    """

    @Test func matchesInstanceTypeAndRegion() throws {
        let parsed = try PriceCatalog(text: Self.catalog, source: "vms.csv")
        #expect(parsed.rows.count == 4)
        let reference = CatalogReference(file: "vms.csv", instanceType: "p4d.24xlarge", region: "eu-west-1")
        #expect(try parsed.price(for: reference, configSource: "s", field: "f").price == 40.9657)
        var zoned = CatalogReference(file: "vms.csv", instanceType: "p4d.24xlarge", region: "us-east-1", zone: "us-east-1b", spot: true)
        #expect(try parsed.price(for: zoned, configSource: "s", field: "f") == (10.1, 3))
        zoned.zone = nil
        #expect(try parsed.price(for: zoned, configSource: "s", field: "f").price == 9.8318)
    }

    @Test func resolvesThroughTheConfiguration() throws {
        let config = try ConfigLoader.parse(Self.configText, source: "sonde.yaml")
        let resolved = try ResolvedPrice.resolve(config, catalogs: ["vms.csv": Self.catalog])
        #expect(resolved[0].perHour == 9.8318 && resolved[0].currency == "USD" && resolved[0].origin == "catalog vms.csv:2 (spot)")
    }

    @Test func unknownInstanceTypeNamesTheConfigLine() throws {
        let config = try ConfigLoader.parse(Self.configText.replacingOccurrences(of: "p4d.24xlarge", with: "p5.48xlarge"), source: "sonde.yaml")
        #expect(throws: ConfigError(source: "sonde.yaml", line: 6, field: "providers[0].price.catalog.instance_type",
                                    problem: "'p5.48xlarge' is not an instance type of vms.csv")) {
            try ResolvedPrice.resolve(config, catalogs: ["vms.csv": Self.catalog])
        }
    }

    @Test func regionWithoutTheWantedPrice() throws {
        let config = try ConfigLoader.parse(Self.configText.replacingOccurrences(of: "us-east-1", with: "eu-west-1"), source: "sonde.yaml")
        let error = #expect(throws: ConfigError.self) { try ResolvedPrice.resolve(config, catalogs: ["vms.csv": Self.catalog]) }
        #expect(error?.field == "providers[0].price.catalog.region" && error?.problem.contains("has no SpotPrice") == true)
    }

    @Test func negativeOrMalformedCatalogPricesNameFileLineAndColumn() {
        let negative = Self.catalog.replacingOccurrences(of: "0.096", with: "-0.096")
        #expect(throws: ConfigError(source: "vms.csv", line: 5, field: "Price", problem: "-0.096 is negative")) {
            try PriceCatalog(text: negative, source: "vms.csv")
        }
        let missing = Self.catalog.replacingOccurrences(of: "SpotPrice,", with: "Spot,")
        #expect(throws: ConfigError(source: "vms.csv", line: 1, field: "SpotPrice", problem: "column is missing (SkyPilot vms.csv layout)")) {
            try PriceCatalog(text: missing, source: "vms.csv")
        }
    }
}
