import Testing
@testable import SondeCore

@Suite struct ProvisionConfigTests {
    static func config(_ provision: String) -> String {
        "providers:\n  - name: gpu\n    kind: depin\n    endpoint: http://127.0.0.1:1/health\n    provision:\n" + provision
    }

    @Test func parsesACommandAdapter() throws {
        let text = Self.config("""
                  adapter: command
                  create: [gpu-cli, create, --token, "${GPU_TOKEN}"]
                  id: {pointer: /machine/id}
                  status: [gpu-cli, show, "{id}"]
                  state: {regex: 'state=(\\w+)'}
                  running: [active, ready]
                  failed: [error]
                  endpoint: {pointer: /machine/ip}
                  destroy: [gpu-cli, delete, "{id}"]
                  health_url: "http://{endpoint}:8000/health"
                  poll_interval: 500ms
                  deadline: 90s
                  attempts: 3
            """)
        let provision = try #require(try ConfigLoader.parse(text, source: "p.yaml").providers[0].provision)
        #expect(provision.adapter == .command)
        let spec = try #require(provision.commands)
        #expect(spec.create == ["gpu-cli", "create", "--token", "${GPU_TOKEN}"])
        #expect(spec.id == .pointer(JSONPointer("/machine/id")!))
        #expect(spec.state == .regex(#"state=(\w+)"#))
        #expect(spec.runningStates == ["active", "ready"] && spec.failedStates == ["error"])
        #expect(spec.destroy == ["gpu-cli", "delete", "{id}"])
        #expect(provision.healthURL == "http://{endpoint}:8000/health")
        #expect(provision.pollInterval == .milliseconds(500) && provision.deadline == .seconds(90) && provision.attempts == 3)
    }

    @Test func awsPresetExpandsToTheAWSCLI() throws {
        let text = Self.config("      adapter: aws-ec2\n      image: ami-12345678\n      instance_type: t3.micro\n"
                               + "      region: us-east-1\n      endpoint_url: http://127.0.0.1:5000\n")
        let spec = try #require(try ConfigLoader.parse(text, source: "p.yaml").providers[0].provision?.commands)
        #expect(spec.create.prefix(7) == ["aws", "--endpoint-url", "http://127.0.0.1:5000", "--region", "us-east-1", "--output", "json"])
        // Named before it is created: the attempt tag and the idempotency token carry the attempt key.
        #expect(spec.create.contains("--client-token") && spec.find?.contains("describe-instances") == true)
        #expect(spec.create.contains("run-instances") && spec.status.contains("describe-instances"))
        #expect(spec.destroy.suffix(3) == ["terminate-instances", "--instance-ids", "{id}"])
    }

    @Test(arguments: [
        ("      adapter: ssh\n", "p.yaml:6: providers[0].provision.adapter: 'ssh' is not an adapter (known: command, aws-ec2, akash, emulated)"),
        ("      adapter: command\n      create: gpu-cli create\n",
         "p.yaml:7: providers[0].provision.create: must be a list of arguments (no shell is used), e.g. [\"cli\", \"create\"]"),
        ("      adapter: command\n      create: [a]\n      id: {pointer: machine}\n",
         "p.yaml:8: providers[0].provision.id.pointer: 'machine' is not a JSON pointer (RFC 6901: empty or starting with /)"),
        ("      adapter: command\n      create: [a]\n      id: {regex: '(unclosed'}\n",
         "p.yaml:8: providers[0].provision.id.regex: '(unclosed' is not a valid regular expression"),
        ("      adapter: command\n      create: [a]\n      id: {pointer: /id}\n",
         "p.yaml:6: providers[0].provision.status: is missing"),
        ("      adapter: emulated\n      image: ami-1\n",
         "p.yaml:7: providers[0].provision.image: does not apply to adapter emulated"),
        ("      adapter: aws-ec2\n      image: ami-1\n", "p.yaml:6: providers[0].provision.instance_type: is missing"),
        ("      adapter: emulated\n      deadline: soon\n",
         "p.yaml:7: providers[0].provision.deadline: 'soon' is not a duration (use e.g. 250us, 200ms, 5s, 10m, 2h)"),
        ("      adapter: command\n      create: [a, '${TOKEN']\n", "p.yaml:7: providers[0].provision.create[1]: unterminated ${ reference"),
    ])
    func rejectionsNameFileLineAndField(provision: String, message: String) {
        #expect(throws: ConfigError.self) { try ConfigLoader.parse(Self.config(provision), source: "p.yaml") }
        do {
            _ = try ConfigLoader.parse(Self.config(provision), source: "p.yaml")
        } catch {
            #expect(error.description == message)
        }
    }
}
