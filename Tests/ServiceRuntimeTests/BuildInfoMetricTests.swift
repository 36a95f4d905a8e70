import CartStreamBuild
import Foundation
import Prometheus
import ServiceRuntime
import Testing

@Suite("Version and build info")
struct BuildInfoMetricTests {
    @Test("cartstream_build_info carries version, librdkafka, swift and service, with value 1")
    func exported() {
        let registry = PrometheusCollectorRegistry()
        BuildInfoMetric.register(service: "fraud-service", in: registry)
        BuildInfoMetric.register(service: "fraud-service", in: registry)
        let text = registry.emitToString()
        let line =
            "cartstream_build_info{version=\"\(CartStreamVersion.number)\",librdkafka=\"\(CartStreamVersion.librdkafka)\","
            + "swift=\"\(CartStreamVersion.swift)\",service=\"fraud-service\"} 1.0"
        #expect(text.split(separator: "\n").contains(Substring(line)), "\(text)")
        #expect(text.components(separatedBy: "service=\"fraud-service\"").count == 2, "registered twice, exported once")
        #expect(text.contains("# TYPE cartstream_build_info gauge"))
    }

    @Test("the version text names the executable, CartStream's version and librdkafka's, then librdkafka's features")
    func versionText() {
        #expect(CartStreamVersion.librdkafka.first?.isNumber == true, "rd_kafka_version_str: \(CartStreamVersion.librdkafka)")
        #expect(
            CartStreamVersion.text(for: "cartctl")
                == "cartctl \(CartStreamVersion.number) (librdkafka \(CartStreamVersion.librdkafka), Swift \(CartStreamVersion.swift))\n"
                + "librdkafka features: \(CartStreamVersion.librdkafkaFeatures)")
        #expect(CartStreamVersion.librdkafkaFeatures.split(separator: ",").contains("ssl"), "\(CartStreamVersion.librdkafkaFeatures)")
        #expect(CartStreamVersion.number.split(separator: ".").count == 3)
    }
}
