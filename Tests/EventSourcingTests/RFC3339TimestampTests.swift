import EventSourcing
import Testing

@Suite struct RFC3339TimestampTests {
    @Test(arguments: [
        (Int64(0), "1970-01-01T00:00:00.000Z"),
        (1_767_225_600_123, "2026-01-01T00:00:00.123Z"),
        (951_782_400_000, "2000-02-29T00:00:00.000Z"),
        (-1, "1969-12-31T23:59:59.999Z"),
        (253_402_300_799_999, "9999-12-31T23:59:59.999Z"),
    ])
    func formatsAndParsesBack(ms: Int64, text: String) {
        #expect(RFC3339Timestamp.format(milliseconds: ms) == text)
        #expect(RFC3339Timestamp.parseMilliseconds(text) == ms)
    }

    @Test(arguments: [
        ("2026-01-01T01:00:00.123+01:00", Int64(1_767_225_600_123)),
        ("2026-01-01T00:00:00Z", 1_767_225_600_000),
        ("2026-01-01t00:00:00.1z", 1_767_225_600_100),
        ("2026-01-01T00:00:00.123999Z", 1_767_225_600_123),
        ("2025-12-31T19:00:00.123-05:00", 1_767_225_600_123),
    ])
    func parsesVariants(text: String, ms: Int64) {
        #expect(RFC3339Timestamp.parseMilliseconds(text) == ms)
    }

    @Test(arguments: [
        "", "2026-01-01", "2026-13-01T00:00:00Z", "2026-02-30T00:00:00Z",
        "2026-01-01T00:00:00", "2026-01-01T00:00:00.Z", "2026-01-01T24:00:00Z",
        "2026-01-01T00:00:00Zjunk", "2026-01-01 00:00:00Z",
    ])
    func rejectsInvalid(text: String) {
        #expect(RFC3339Timestamp.parseMilliseconds(text) == nil)
    }
}
