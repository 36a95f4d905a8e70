import GRDB

/// A deterministic fingerprint of query results: every row of every query, in order,
/// with typed values, hashed with two independent 64-bit FNV-1a streams.
enum ReadModelChecksum {
    static func compute(queries: [String], in db: Database) throws -> String {
        var hasher = Hasher128()
        for query in queries {
            hasher.add("Q:" + query)
            let rows = try Row.fetchCursor(db, sql: query)
            while let row = try rows.next() {
                hasher.add("R")
                for (column, value) in row {
                    hasher.add(column)
                    switch value.storage {
                    case .null: hasher.add("n")
                    case .int64(let int): hasher.add("i\(int)")
                    case .double(let double): hasher.add("d\(double)")
                    case .string(let string): hasher.add("s\(string.utf8.count):\(string)")
                    case .blob(let data): hasher.add("b\(data.count):" + data.map { String($0, radix: 16) }.joined())
                    }
                }
            }
        }
        return hasher.hex
    }

    struct Hasher128 {
        var a: UInt64 = 0xcbf2_9ce4_8422_2325
        var b: UInt64 = 0x8422_2325_cbf2_9ce4
        mutating func add(_ text: String) {
            for byte in text.utf8 + [0x1F] {
                a = (a ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
                b = (b ^ UInt64(byte ^ 0x5A)) &* 0x0000_0100_0000_01B3
            }
        }
        var hex: String {
            let pad = { (value: UInt64) in String(repeating: "0", count: 16 - String(value, radix: 16).count) + String(value, radix: 16) }
            return pad(a) + pad(b)
        }
    }
}
