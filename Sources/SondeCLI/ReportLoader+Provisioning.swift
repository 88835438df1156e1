import Foundation
import SondeCore
import SondeReport
import SondeStore

extension ReportLoader {
    /// Adds the run's provisioning attempts and their analysis to `input`, with a note on the
    /// time scale when emulated providers were provisioned.
    static func addProvisioning(to input: inout ReportInput, store: SampleStore, record: RunRecord) throws {
        let records = try store.provisions(runID: record.info.id)
        guard !records.isEmpty else { return }
        input.provisions = records
        input.provisioning = ProvisioningAnalysis(records: records)
        let config = try? ConfigLoader.parse(record.info.configText, source: "<stored config>")
        let scaled = (config?.providers ?? []).compactMap { provider -> String? in
            guard let scale = provider.provision?.timeScale, scale != 1 else { return nil }
            return "\(provider.name) 1:\(scale == scale.rounded() ? String(Int(scale)) : String(scale))"
        }
        if !scaled.isEmpty {
            input.provisioningNote = "Emulated providers: the emulator divides its modelled provisioning times by the scale shown "
                + "(\(scaled.joined(separator: ", "))), so a measured second stands for that many modelled seconds."
        }
    }
}
