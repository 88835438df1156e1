import Testing
@testable import SondeCore

struct SHA256Tests {
    // printf 'abc' | sha256sum; printf '' | sha256sum;
    // python3 -c "print('a'*1000)" | tr -d '\n' | sha256sum   (coreutils 9.1)
    @Test func matchesSha256sum() {
        #expect(SHA256.hex(Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(SHA256.hex([]) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(SHA256.hex(Array(repeating: UInt8(ascii: "a"), count: 1000))
                == "41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3")
    }
}
