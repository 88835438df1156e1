// swift-tools-version: 6.1
// sonde's benchmarks: a package of their own so that the root build and `make test` never
// build ordo-one/package-benchmark. Run them with `make bench` (thresholds in Thresholds/).
import PackageDescription

let package = Package(
    name: "SondeBenchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "sonde", path: ".."),
        // The default trait needs a package the local mirror lacks; malloc counts still work.
        .package(url: "https://github.com/ordo-one/benchmark", exact: "1.38.1", traits: ["MallocInterposer"]),
        .package(url: "https://github.com/HdrHistogram/hdrhistogram-swift", from: "0.2.0"),
    ],
    targets: [
        // Synthetic samples shared by the suite and the driver.
        .target(
            name: "Fixtures",
            dependencies: [.product(name: "SondeCore", package: "sonde")],
            path: "Support/Fixtures"
        ),
        .executableTarget(
            name: "SondeBenchmarks",
            dependencies: [
                "Fixtures",
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "Histogram", package: "hdrhistogram-swift"),
                .product(name: "SondeCore", package: "sonde"),
                .product(name: "SondeStore", package: "sonde"),
                .product(name: "SondeReport", package: "sonde"),
                .product(name: "SondeProbes", package: "sonde"),
            ],
            path: "SondeBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        // Not a package-benchmark suite (the plugin runs every executable target whose folder sits
        // directly in a folder named Benchmarks, hence Support/): the driver of the ingest race
        // and the memory figure in peers/, which time and measure whole processes.
        .executableTarget(
            name: "sonde-ingest",
            dependencies: [
                "Fixtures",
                .product(name: "SondeCore", package: "sonde"),
                .product(name: "SondeStore", package: "sonde"),
            ],
            path: "Support/IngestDriver"
        ),
        // The sonde side of peers/variance-speed.sh: SpreadComparison on 4 providers' samples.
        .executableTarget(
            name: "sonde-variance-bench",
            dependencies: [.product(name: "SondeCore", package: "sonde")],
            path: "Support/VarianceBench"
        ),
    ]
)
