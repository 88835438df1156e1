// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "sonde",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "sonde", targets: ["sonde"]),
        // Libraries for Benchmarks/ (its own package, which depends on this one by path).
        .library(name: "SondeCore", targets: ["SondeCore"]),
        .library(name: "SondeProbes", targets: ["SondeProbes"]),
        .library(name: "SondeStore", targets: ["SondeStore"]),
        .library(name: "SondeReport", targets: ["SondeReport"]),
        .library(name: "SondeEmulator", targets: ["SondeEmulator"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/swhitty/FlyingFox", from: "0.27.1"),
        .package(url: "https://github.com/HdrHistogram/hdrhistogram-swift", from: "0.2.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
    ],
    targets: [
        .systemLibrary(
            name: "CCurl",
            pkgConfig: "libcurl",
            providers: [.apt(["libcurl4-openssl-dev"])]
        ),
        .systemLibrary(name: "CEpoll"),
        .systemLibrary(
            name: "CSQLite",
            pkgConfig: "sqlite3",
            providers: [.apt(["libsqlite3-dev"])]
        ),
        .target(
            name: "SondeCore",
            dependencies: [.product(name: "Yams", package: "Yams"),
                           .product(name: "Histogram", package: "hdrhistogram-swift")]
        ),
        .target(name: "SondeProbes", dependencies: ["SondeCore", "CCurl", "CEpoll"]),
        // libpq: the PostgreSQL store (docs/adr/0002-postgres-libpq.md): no package to build, COPY via PQputCopyData.
        .systemLibrary(
            name: "CLibPQ",
            pkgConfig: "libpq",
            providers: [.apt(["libpq-dev"])]
        ),
        .target(name: "SondeStore", dependencies: ["SondeCore", "CSQLite", "CLibPQ"]),
        // zlib: HdrHistogram's compressed V2 encoding (`sonde report --format hlog`) deflates each interval.
        .systemLibrary(
            name: "CZlib",
            pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"])]
        ),
        .target(name: "SondeReport", dependencies: ["SondeCore", "CZlib"]),
        .target(
            name: "SondeEmulator",
            dependencies: ["SondeCore", .product(name: "FlyingFox", package: "FlyingFox"),
                           .product(name: "FlyingSocks", package: "FlyingFox"),
                           .product(name: "Yams", package: "Yams")]
        ),
        // Live metrics: a registry fed from the sample stream and its Prometheus text exposition.
        .target(
            name: "SondeMetrics",
            dependencies: ["SondeCore", .product(name: "Prometheus", package: "swift-prometheus"),
                           .product(name: "FlyingFox", package: "FlyingFox")]
        ),
        .target(
            name: "SondeCLI",
            dependencies: ["SondeCore", "SondeProbes", "SondeStore", "SondeReport", "SondeEmulator", "SondeMetrics",
                           .product(name: "ArgumentParser", package: "swift-argument-parser"),
                           .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                           .product(name: "Logging", package: "swift-log")]
        ),
        .executableTarget(name: "sonde", dependencies: ["SondeCLI"]),
        // Running peer programs and picking loopback ports, shared by the test targets that need them.
        .target(name: "SondeTestSupport", path: "Tests/SondeTestSupport"),
        .testTarget(name: "SondeCoreTests", dependencies: ["SondeCore"]),
        .testTarget(name: "SondeStoreTests", dependencies: ["SondeStore"]),
        .testTarget(name: "SondeReportTests", dependencies: ["SondeReport", "SondeStore", "SondeTestSupport"], exclude: ["Golden"]),
        .testTarget(name: "SondeProbesTests", dependencies: ["SondeProbes", "SondeEmulator"]),
        .testTarget(name: "SondeEmulatorTests", dependencies: ["SondeEmulator"]),
        .testTarget(name: "SondeMetricsTests", dependencies: ["SondeMetrics", "SondeReport", "SondeTestSupport"]),
        .testTarget(name: "EndToEndTests", dependencies: ["SondeCore", "SondeEmulator", "SondeStore", "SondeTestSupport"]),
    ]
)
