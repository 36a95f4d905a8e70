import Foundation

/// The OpenAPI document of the cart service's API, shipped as a resource.
enum CartServiceOpenAPI {
    /// The YAML bytes.
    static let document: [UInt8] = {
        guard let url = Bundle.module.url(forResource: "openapi", withExtension: "yaml"), let data = try? Data(contentsOf: url) else {
            return Array("openapi: 3.1.0\ninfo: {title: missing resource, version: '0'}\npaths: {}\n".utf8)
        }
        return Array(data)
    }()
}
