import Testing
@testable import SondeCore

/// Apache Otava 0.8.0 (`apache-otava` from PyPI) in its default mode: `otava analyze` on a CSV of
/// each series, window_len 50, max_pvalue 0.001, min_magnitude 0.0 (no flags). Series and
/// Otava's change-point indices pasted from `python3 scripts/stats/otava-crosscheck.py`
/// (the script's output, verbatim). sonde must find the same locations within one run; p-values
/// are not expected to match (Otava tests with a windowed Student t, sonde with permutations).
struct OtavaCrossCheckTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let name: String
        let otava: [Int]
        let values: [Double]
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "planted_x1_5_at_40", otava: [40],
             values: [9.5769, 8.9314, 10.6971, 8.9513, 12.231, 10.9682, 9.6471, 10.5871, 11.7487, 13.2763,
                      9.1181, 11.1239, 10.5314, 9.7243, 11.1541, 10.5198, 11.1363, 9.4877, 9.9975,
                      10.4029, 10.0196, 10.0166, 9.2604, 10.1272, 10.1894, 9.9389, 9.9853, 10.7213,
                      9.3626, 10.7214, 9.8477, 10.0563, 9.8109, 10.9408, 10.7902, 10.0061, 9.571,
                      12.0399, 10.5538, 8.9169, 14.9934, 14.8324, 16.1229, 14.6639, 13.931, 17.1478,
                      12.2901, 13.022, 14.236, 14.248, 14.8103, 14.9828, 16.5739, 12.885, 20.2147,
                      15.9457, 13.8841, 14.1669, 14.2929, 11.9999]),
        Case(name: "x1_3_at_30", otava: [30],
             values: [9.6367, 11.0452, 10.4246, 9.4006, 10.6952, 8.6502, 10.6114, 9.4537, 10.6518, 10.4489,
                      9.2614, 10.5426, 10.3478, 9.3743, 12.2154, 10.835, 8.8851, 9.0593, 10.3219,
                      10.317, 9.2989, 11.2929, 10.0975, 9.1735, 9.6323, 9.8228, 8.5613, 9.2015,
                      8.3444, 9.7107, 13.8213, 11.4314, 13.4255, 11.55, 12.789, 12.346, 11.5159,
                      12.3054, 11.5006, 13.3872, 13.0602, 14.6574, 11.2304, 14.5011, 12.898,
                      13.5378, 12.7573, 15.175, 14.9327, 14.466, 13.3417, 10.29, 13.7437, 12.9575,
                      12.827, 13.5774, 14.6479, 13.3521, 12.4076, 12.0273]),
        Case(name: "up_at_20_down_at_45", otava: [20, 45],
             values: [9.6467, 11.2791, 11.4991, 10.3223, 10.4228, 9.5222, 9.1264, 9.139, 9.0498, 10.9737, 9.9439,
                      10.1291, 9.3801, 8.9693, 8.8675, 9.1929, 10.6175, 10.0185, 9.5535, 9.7636,
                      12.1378, 15.8335, 12.3965, 14.0595, 17.3355, 10.8475, 12.1625, 13.0226,
                      14.1641, 11.7937, 13.6745, 13.9603, 14.2408, 11.0256, 14.9349, 16.424,
                      14.6248, 13.0234, 13.167, 10.7448, 14.6825, 16.2707, 14.9405, 10.3951,
                      13.4162, 9.8977, 9.528, 11.0885, 8.3994, 9.3074, 10.6137, 11.0417, 10.1706,
                      11.113, 10.534, 8.9949, 11.3809, 9.5069, 8.4954, 10.4478]),
        Case(name: "stationary", otava: [],
             values: [10.3653, 11.6308, 8.3641, 11.8372, 9.9528, 9.2312, 9.2284, 8.9737, 9.7788, 10.8696,
                      10.6015, 10.6591, 8.441, 8.5462, 11.681, 11.0174, 12.4399, 11.286, 9.0263,
                      11.3715, 10.6486, 10.2171, 9.2128, 10.0028, 9.8541, 10.9336, 10.1253, 11.7172,
                      9.2547, 10.4824, 10.5115, 9.172, 8.8858, 11.0667, 10.5311, 9.8388, 10.4022,
                      9.347, 10.2412, 9.4128, 10.1906, 11.0363, 9.6661, 10.8869, 9.0175, 9.7156,
                      8.7243, 9.8999, 10.079, 9.8047, 9.7359, 11.4342, 11.5301, 8.8554, 11.2458,
                      8.4172, 9.2918, 9.828, 10.1117, 9.0056]),
    ]

    @Test(arguments: cases)
    func sameLocationsAsOtavaWithinOneRun(_ sample: Case) {
        for seriesCount in [1, 9] {
            let detector = ChangePointDetector(settings: ChangePointSettings(seriesCount: seriesCount))
            let found = detector.detect(sample.values).map(\.index)
            #expect(found.count == sample.otava.count, "\(sample.name), \(seriesCount) series: \(found) vs \(sample.otava)")
            for (ours, theirs) in zip(found, sample.otava) {
                #expect(abs(ours - theirs) <= 1, "\(sample.name): \(found) vs \(sample.otava)")
            }
        }
    }
}
